import type { FormInstance } from 'element-plus'

/**
 * The submit cycle every form of the site shares: check the `el-form` rules, run `action` with
 * the button loading, and show the server's message (and field reasons) when it fails. Bind
 * `formRef` as the form's `ref`, `pending` and `hydrated` on its submit button.
 */
export function useFormSubmit(action: () => Promise<unknown>) {
  const formRef = ref<FormInstance>()
  const pending = ref(false)
  const hydrated = useHydrated()
  const errors = useFormErrors()

  async function submit() {
    if (pending.value) return
    errors.reset()
    const valid = await formRef.value?.validate().catch(() => false)
    if (!valid) return
    pending.value = true
    try {
      await action()
    }
    catch (error) {
      errors.capture(error)
    }
    finally {
      pending.value = false
    }
  }

  return { formRef, pending, hydrated, errors, submit }
}
