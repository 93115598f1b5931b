/** Each request's app shares Vue's per-component caches with the others (utils/component-caches.ts). */
export default defineNuxtPlugin({
  name: 'component-caches',
  enforce: 'pre',
  setup(nuxtApp) {
    shareComponentCaches(nuxtApp.vueApp)
  },
})
