import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http'
import { LANGUAGE_COOKIE } from '../../i18n/languages'
import { SCHEME_COOKIE } from '../../shared/color-scheme'

/**
 * The pages every visitor sees alike: a form and its texts, nothing of anyone's. Their render
 * depends on the path, the language (`cw_lang`, else `Accept-Language`), the colour scheme
 * (`cw_scheme`) and the site's configuration, nothing else: so one render can answer every
 * visitor who asks the same with the same, each with a nonce of their own. None of the request
 * shows in the page, so the render's nonce stands only where the render put it, and swapping it
 * approves nothing else.
 */
export const VISITOR_PAGES: ReadonlySet<string> = new Set(['/login', '/register', '/forgot-password'])

/** The cookies a visitor's page may carry and still be one of many; any other makes it a render of its own. */
const PREFERENCE_COOKIES: ReadonlySet<string> = new Set([LANGUAGE_COOKIE, SCHEME_COOKIE])

/** How long a kept page answers. */
export const KEPT_MS = 5 * 60_000
/** How many pages are kept at once (about 50 kB each): one per page, language and scheme, with room for odd `Accept-Language`s. */
export const KEPT_PAGES = 48

/** Headers of one answer only, never replayed. */
const OWN_HEADERS = new Set(['date', 'content-length', 'connection', 'keep-alive', 'transfer-encoding'])

/** A rendered page as it was sent: body and headers, and the nonce they carry. */
export interface KeptPage {
  body: string
  headers: OutgoingHttpHeaders
  nonce: string
  keptAt: number
}

/**
 * The key of a request for a visitor's page: the path and everything its render reads from the
 * request. `undefined` when the answer must be rendered for this request alone: another path or a
 * query, an `Authorization` header, or a cookie that is not a preference (a session's, a device's,
 * another site's on the same domain), the same cookie twice, or something that is not a cookie.
 */
export function visitorPageKey(path: string, headers: IncomingHttpHeaders): string | undefined {
  if (!VISITOR_PAGES.has(path) || headers.authorization !== undefined) return undefined
  const preferences = new Map<string, string>()
  for (const pair of (headers.cookie ?? '').split(';')) {
    if (!pair.trim()) continue
    const equals = pair.indexOf('=')
    const name = pair.slice(0, equals).trim()
    if (equals < 0 || !PREFERENCE_COOKIES.has(name) || preferences.has(name)) return undefined
    preferences.set(name, pair.slice(equals + 1).trim())
  }
  const language = headers['accept-language'] ?? ''
  return [path, preferences.get(LANGUAGE_COOKIE) ?? '', preferences.get(SCHEME_COOKIE) ?? '', language].join('\n')
}

/** The headers of a sent page worth replaying: all but the ones that belong to one answer. */
export function replayableHeaders(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !OWN_HEADERS.has(name.toLowerCase())))
}

const EXPIRES = /(;\s*expires=)([^;]+)/i

/** A `Set-Cookie` line with its `Expires` date `ageMs` later: the expiry it would have had, set now. */
export function movedOn(cookie: string, ageMs: number): string {
  return cookie.replace(EXPIRES, (attribute: string, prefix: string, date: string) => {
    const time = Date.parse(date)
    return Number.isNaN(time) ? attribute : `${prefix}${new Date(time + ageMs).toUTCString()}`
  })
}

/**
 * A kept page as the answer to this request: `nonce` in place of the one it was rendered with, in
 * its tags and its CSP header alike, and the cookies it sets expiring as if they were set `now`
 * (the language cookie of a first visit lasts its whole year, and says nothing of when the page
 * was rendered).
 */
export function answerOf(page: KeptPage, nonce: string, now: number): { body: string, headers: OutgoingHttpHeaders } {
  const swap = (text: string) => text.replaceAll(page.nonce, () => nonce)
  const headers: OutgoingHttpHeaders = {}
  for (const [name, value] of Object.entries(page.headers)) {
    if (name === 'set-cookie') headers[name] = [value].flat().map(line => movedOn(swap(String(line)), now - page.keptAt))
    else headers[name] = Array.isArray(value) ? value.map(swap) : typeof value === 'string' ? swap(value) : value
  }
  return { body: swap(page.body), headers }
}

/**
 * The kept pages by key: once `KEPT_PAGES` are kept, the one asked for least recently leaves
 * first, and none answers after `KEPT_MS`. Requests with made-up keys can push the others out,
 * but then every page is rendered, as it would be without keeping any.
 */
export class KeptPages {
  private readonly pages = new Map<string, KeptPage>()

  constructor(private readonly now: () => number = Date.now) {}

  get(key: string): KeptPage | undefined {
    const page = this.pages.get(key)
    this.pages.delete(key)
    if (!page || this.now() - page.keptAt >= KEPT_MS) return undefined
    this.pages.set(key, page)
    return page
  }

  keep(key: string, page: Omit<KeptPage, 'keptAt'>): void {
    this.pages.delete(key)
    if (this.pages.size >= KEPT_PAGES) this.pages.delete(this.pages.keys().next().value!)
    this.pages.set(key, { ...page, keptAt: this.now() })
  }

  get size(): number {
    return this.pages.size
  }
}

/** The visitors' pages this server keeps: filled once a page is sent (server/plugins/visitor-pages.ts), read before a render (server/middleware/kept-pages.ts). */
export const keptVisitorPages = new KeptPages()
