import { newNonce, withNonce } from '../security/page-nonce'
import { isApiPath } from '../utils/api'

/**
 * Every answer outside the API gets a CSP nonce of its own before anything else sees the
 * request (nuxt-security's CSP header takes it from `event.context.security.nonce`), and a
 * rendered page carries it on its tags (server/security/page-nonce.ts): marked on the finished
 * document, after every `render:html` hook has added its tags. nuxt-security's own nonce is off
 * (nuxt.config.ts); API answers have none (server/plugins/api-security-rules.ts).
 */
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('request', (event) => {
    if (isApiPath(event.path)) return
    ;(event.context.security ??= {}).nonce = newNonce()
  })
  nitroApp.hooks.hook('render:response', (response, { event }) => {
    const nonce = event.context.security?.nonce
    if (!nonce || typeof response.body !== 'string' || !String(response.headers?.['content-type']).startsWith('text/html')) return
    response.body = withNonce(response.body, nonce)
  })
})
