/**
 * False until the component is mounted in the browser. Submit buttons stay disabled until
 * then, so a click before hydration cannot send the form natively (credentials in the URL).
 */
export function useHydrated() {
  const hydrated = ref(false)
  onMounted(() => {
    hydrated.value = true
  })
  return hydrated
}
