/** Nuxt's dev error overlay, as its error handler appends it before `</body>`. */
const OVERLAY = /\s*<script>(?:(?!<\/script>)[\s\S])*<\/script>\s*<nuxt-error-overlay><\/nuxt-error-overlay>\s*<script>(?:(?!<\/script>)[\s\S])*<\/script>\s*(?=<\/body>)/

/**
 * `nuxt dev` only: Nuxt appends its error overlay (the stack trace in a frame) to every
 * server-rendered error page, as inline scripts without a nonce that the app's CSP refuses. An
 * expected answer (a 403, a 404: status below 500) has no stack worth showing, so it goes; on a
 * real failure the scripts get the response's own nonce. The policy stays as strict as in production.
 */
export default defineNitroPlugin((nitroApp) => {
  if (!import.meta.dev) return
  nitroApp.hooks.hook('error', (_error, { event }) => {
    if (!event || isApiPath(event.path)) return
    const response = event.node.res
    const end = response.end.bind(response) as (...args: unknown[]) => typeof response
    response.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== 'string') return end(chunk, ...rest)
      if (response.statusCode < 500) return end(chunk.replace(OVERLAY, ''), ...rest)
      const nonce = /'nonce-([^']+)'/.exec(String(response.getHeader('content-security-policy') ?? ''))?.[1]
      return end(nonce ? chunk.replaceAll('<script>', `<script nonce="${nonce}">`) : chunk, ...rest)
    }) as typeof response.end
  })
})
