import { SCHEME_SCRIPT } from '../../shared/color-scheme'

/**
 * Pages follow two preferences (shared/color-scheme.ts, i18n/languages.ts):
 * - the colour scheme: a tiny inline script at the top of the head sets `html.dark` before the
 *   first paint when the cookie says dark or the device prefers dark (no flash of light).
 *   nuxt-security's own render hook, which runs after this one, gives it the response's CSP
 *   nonce as it does every script of the page (test/browser/languages.test.ts checks it runs).
 * - the language: the cookie `cw_lang`, else `Accept-Language`; so every page answer varies on
 *   both, and no cache hands one person's language to another.
 */
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('render:html', (html) => {
    html.head.unshift(`<script>${SCHEME_SCRIPT}</script>`)
  })
  nitroApp.hooks.hook('render:response', (response) => {
    response.headers = { ...response.headers, vary: 'Accept-Language, Cookie' }
  })
})
