import { randomBytes } from 'node:crypto'

/*
 * What a rendered page's `<script>`, `<style>` and `<link>` tags carry for its Content Security
 * Policy and subresource integrity (server/plugins/page-tags.ts):
 * - the CSP nonce (nuxt.config.ts: `script-src 'self' 'strict-dynamic' 'nonce-…'`): a new one for
 *   every render, on every such tag, and in the page's Content-Security-Policy header
 *   (nuxt-security writes it there from `event.context.security.nonce`);
 * - the `integrity` hash of the app's own scripts and style sheets (nuxt-security's table of the
 *   built assets, `#sri-hashes`), on a script with a `src` and on a style sheet, preload or
 *   module preload link.
 * nuxt-security can do both, but its nonce rewrote the page five times (masking every quoted
 * attribute value first) and its integrity twice more: a fifth of what a render allocated
 * (docs/benchmarks.md, "5 December 2026"). `stampTags` reads each part of the page once and
 * copies none of it.
 */

/** 18 random bytes, base64: as many as nuxt-security's own nonce. */
export function newNonce(): string {
  return randomBytes(18).toString('base64')
}

/** What `stampTags` puts on the tags: the nonce, and the integrity hash of each asset URL it knows. */
export interface TagStamp {
  nonce: string
  integrity: Readonly<Record<string, string>>
}

/** An opening `<script>`, `<style>` or `<link>` tag, as written; its name and its attributes. */
const TAG = /<(script|style|link)(?=[\s/>])([^>]*)>/gi
/** Where a `<script>` or `<style>` element's text ends (HTML: the first end tag of its name). */
const TEXT_END: Record<string, RegExp> = { script: /<\/script/gi, style: /<\/style/gi }
const NONCE_ATTRIBUTE = /(^|\s)nonce="[^"]*"/i
const HAS_INTEGRITY = /(?:^|\s)integrity=/i
/** The asset a tag loads, from the attribute that names it (`src` of a script, `href` of a link). */
const ASSET_URL: Record<string, RegExp> = { script: /(?:^|\s)src="([^"]*)"/i, link: /(?:^|\s)href="([^"]*)"/i }
/** The links whose asset is checked against its hash (as nuxt-security's own integrity did). */
const CHECKED_LINK = /(?:^|\s)rel="(?:stylesheet|preload|modulepreload)"/i

/**
 * `html` (a part of a rendered page) with the stamp's nonce on each of its `<script>`, `<style>`
 * and `<link>` tags (a tag that has a nonce gets this one instead), and with the integrity hash
 * of the asset a script or a checked link loads, where the stamp knows it and the tag has none.
 * Text inside a script or a style element is left as it is, whatever it holds, since it is no
 * markup. Answers the pieces that make up the stamped part, in order: the new tags, and between
 * them slices of `html`, which V8 keeps as views of it rather than copies. Nuxt joins the parts
 * of the page into the document anyway, so joining here too would copy each part once more (on
 * `/profile`, a 120 kB string per render). Without such tags, `[html]`.
 */
export function stampTags(html: string, stamp: TagStamp): string[] {
  const parts: string[] = []
  let copied = 0
  TAG.lastIndex = 0
  for (let tag = TAG.exec(html); tag; tag = TAG.exec(html)) {
    const [, name, attributes] = tag as unknown as [string, string, string]
    const kind = name.toLowerCase()
    const stamped = NONCE_ATTRIBUTE.test(attributes)
      ? attributes.replace(NONCE_ATTRIBUTE, `$1nonce="${stamp.nonce}"`)
      : ` nonce="${stamp.nonce}"${attributes}`
    const hash = integrityOf(kind, attributes, stamp.integrity)
    if (tag.index > copied) parts.push(html.slice(copied, tag.index))
    parts.push(hash ? `<${name} integrity="${hash}"${stamped}>` : `<${name}${stamped}>`)
    copied = TAG.lastIndex
    const textEnd = TEXT_END[kind]
    if (textEnd) {
      textEnd.lastIndex = copied
      const end = textEnd.exec(html)
      TAG.lastIndex = end ? end.index : html.length
    }
  }
  if (!parts.length) return [html]
  if (copied < html.length) parts.push(html.slice(copied))
  return parts
}

/** The integrity hash a `kind` tag with `attributes` should get: none if it has one, loads nothing or loads what the table does not know. */
function integrityOf(kind: string, attributes: string, integrity: TagStamp['integrity']): string | undefined {
  const urlAttribute = ASSET_URL[kind]
  if (!urlAttribute || HAS_INTEGRITY.test(attributes)) return undefined
  if (kind === 'link' && !CHECKED_LINK.test(attributes)) return undefined
  const url = urlAttribute.exec(attributes)?.[1]
  return url === undefined ? undefined : integrity[url]
}
