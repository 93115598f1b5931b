import { keptVisitorPages, replayableHeaders } from '../rendering/visitor-pages'

/**
 * Keeps a visitor's page once it is sent (server/middleware/kept-pages.ts marked it), so the
 * next visitor who asks the same is answered without a render: only a whole, successful render
 * (200, and none of its data failed to load, plugins/render-outcome.server.ts), as it went out.
 */
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('afterResponse', (event, response) => {
    const { visitorPageKey: key, renderFailed, security } = event.context
    const body = response?.body
    if (key === undefined || renderFailed || !security?.nonce || typeof body !== 'string') return
    const { res } = event.node
    if (res.statusCode !== 200 || !body.includes(security.nonce)) return
    keptVisitorPages.keep(key, { body, headers: replayableHeaders(res.getHeaders()), nonce: security.nonce })
  })
})
