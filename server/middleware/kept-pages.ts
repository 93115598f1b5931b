import { answerOf, keptVisitorPages, visitorPageKey } from '../rendering/visitor-pages'

/**
 * A visitor's page (server/rendering/visitor-pages.ts) that was rendered before for the same
 * path, language and scheme is answered from what was kept, headers and all, with this answer's
 * own nonce and cookie expiry: before the renders' line (render-slots.ts), for no render at all.
 * Any other page, or the first of its kind, is rendered; server/plugins/visitor-pages.ts keeps it
 * once sent.
 */
export default defineEventHandler((event) => {
  if (!isPageRender(event)) return
  const key = visitorPageKey(event.path, event.node.req.headers)
  const nonce = event.context.security?.nonce
  if (key === undefined || !nonce) return
  const kept = keptVisitorPages.get(key)
  if (!kept) {
    event.context.visitorPageKey = key
    return
  }
  const { body, headers } = answerOf(kept, nonce, Date.now())
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) event.node.res.setHeader(name, value)
  }
  return body
})
