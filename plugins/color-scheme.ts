/**
 * Puts the colour scheme on `<html>` (the `dark` class, Element Plus's dark variables): from the
 * cookie in the server render, and in the browser from the device's preference too, following
 * it as it changes. The inline head script (server/plugins/page-preferences.ts) did the same
 * before the first paint.
 */
export default defineNuxtPlugin({
  name: 'color-scheme',
  setup() {
    const { dark, prefersDark } = useColorScheme()
    if (import.meta.client) {
      const media = window.matchMedia('(prefers-color-scheme: dark)')
      prefersDark.value = media.matches
      media.addEventListener('change', (event) => {
        prefersDark.value = event.matches
      })
    }
    useHead({ htmlAttrs: { class: computed(() => (dark.value ? 'dark' : undefined)) } })
  },
})
