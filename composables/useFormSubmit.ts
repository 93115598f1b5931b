import type { ComponentPublicInstance } from 'vue'
import type { FormInstance } from 'element-plus'
import { useFormErrors } from '~/composables/useFormErrors'
import type { FormErrorOptions } from '~/composables/useFormErrors'
import { useHydrated } from '~/composables/useHydrated'

/** Which field an error code belongs to, and the page's words for codes (see `useFormErrors`). */
export type FormSubmitOptions = FormErrorOptions

/**
 * The submit cycle every form of the site shares: check the `el-form` rules, run `action` with
 * the button loading, and show the server's message (and field reasons) when it fails. Bind
 * `formRef` as the form's `ref`, `pending` and `hydrated` on its submit button, or hand the
 * whole result to `<AccountForm :submitter>`, which does both.
 */
export function useFormSubmit(action: () => Promise<unknown>, options: FormSubmitOptions = {}) {
  const formRef = ref<FormInstance>()
  const pending = ref(false)
  const hydrated = useHydrated()
  const errors = useFormErrors(options)

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

  /** A function ref for the `el-form`, for a component that renders the form for the page. */
  function bindForm(instance: Element | ComponentPublicInstance | null) {
    formRef.value = (instance ?? undefined) as FormInstance | undefined
  }

  return { formRef, bindForm, pending, hydrated, errors, submit }
}

export type FormSubmit = ReturnType<typeof useFormSubmit>
