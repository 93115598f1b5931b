/**
 * Tells the server when a page rendered with something missing: an error page, data that failed
 * to load (a `useAsyncData` that threw, say while the database was away), or texts that did not
 * load (@nuxtjs/i18n only warns, and the page shows their keys). Such a render is this request's
 * alone and is never kept for other visitors (server/plugins/visitor-pages.ts).
 */
export default defineNuxtPlugin({
  name: 'render-outcome',
  setup(nuxtApp) {
    nuxtApp.hooks.hook('app:rendered', ({ ssrContext }) => {
      if (!ssrContext) return
      const i18n = nuxtApp.$i18n as { locale: Ref<string>, getLocaleMessage: (code: string) => object }
      const failed = Boolean(ssrContext.error)
        || Object.values(ssrContext.payload._errors ?? {}).some(error => error != null)
        || Object.keys(i18n.getLocaleMessage(i18n.locale.value)).length === 0
      if (failed) ssrContext.event.context.renderFailed = true
    })
  },
})
