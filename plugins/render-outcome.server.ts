/**
 * Tells the server when a page rendered with something missing: an error page, or data that
 * failed to load (a `useAsyncData` that threw, say while the database was away). Such a render
 * is this request's alone and is never kept for other visitors (server/plugins/visitor-pages.ts).
 */
export default defineNuxtPlugin({
  name: 'render-outcome',
  setup(nuxtApp) {
    nuxtApp.hooks.hook('app:rendered', ({ ssrContext }) => {
      if (!ssrContext) return
      const errors = Object.values(ssrContext.payload._errors ?? {})
      if (ssrContext.error || errors.some(error => error != null)) ssrContext.event.context.renderFailed = true
    })
  },
})
