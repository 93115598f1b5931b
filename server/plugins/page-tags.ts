import sriHashes from '#sri-hashes'
import type { NitroRuntimeHooks } from 'nitropack'
import { newNonce, stampTags } from '../security/page-tags'
import { isApiPath } from '../utils/api'

/** The parts of a page's document (Nuxt's `render:html` context) that hold tags. */
const SECTIONS = ['head', 'bodyPrepend', 'body', 'bodyAppend'] as const

/**
 * Every answer outside the API gets a CSP nonce of its own before anything else sees the
 * request (nuxt-security's CSP header takes it from `event.context.security.nonce`). A rendered
 * page carries it on its tags, with the integrity hashes of the app's assets
 * (server/security/page-tags.ts): stamped part by part once every `render:html` hook has run
 * (`afterEach`, whatever order the plugins load in), so tags those hooks add are stamped too,
 * and before Nuxt joins the parts into the document. nuxt-security's own nonce and integrity are
 * off (nuxt.config.ts); API answers have none (server/plugins/api-security-rules.ts).
 */
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('request', (event) => {
    if (isApiPath(event.path)) return
    ;(event.context.security ??= {}).nonce = newNonce()
  })
  nitroApp.hooks.afterEach(({ name, args }) => {
    if (name !== 'render:html') return
    const [html, { event }] = args as Parameters<NitroRuntimeHooks['render:html']>
    const nonce = event.context.security?.nonce
    if (!nonce) return
    const stamp = { nonce, integrity: sriHashes }
    for (const section of SECTIONS) html[section] = html[section].flatMap(part => stampTags(part, stamp))
  })
})
