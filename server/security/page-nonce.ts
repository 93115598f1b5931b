import { randomBytes } from 'node:crypto'

/*
 * The CSP nonce of a page (nuxt.config.ts: `script-src 'self' 'strict-dynamic' 'nonce-…'`): a
 * new one for every render, on every `<script>`, `<link>` and `<style>` tag of the page, and in
 * the page's Content-Security-Policy header (nuxt-security writes it there from
 * `event.context.security.nonce`). nuxt-security can put it on the tags too, but it rewrites the
 * whole page five times to do so (it masks every quoted attribute value first): a fifth of what a
 * render allocates and a quarter of what it leaves for the old generation to collect
 * (docs/benchmarks.md, "5 December 2026"). `withNonce` reads the page once and copies it once.
 */

/** 18 random bytes, base64: as many as nuxt-security's own nonce. */
export function newNonce(): string {
  return randomBytes(18).toString('base64')
}

/** An opening `<script>`, `<style>` or `<link>` tag, as written; its name and its attributes. */
const TAG = /<(script|style|link)(?=[\s/>])([^>]*)>/gi
/** Where a `<script>` or `<style>` element's text ends (HTML: the first end tag of its name). */
const TEXT_END: Record<string, RegExp> = { script: /<\/script/gi, style: /<\/style/gi }
const NONCE_ATTRIBUTE = /(^|\s)nonce="[^"]*"/i

/**
 * `html` (a rendered page) with `nonce` on each of its `<script>`, `<style>` and `<link>` tags:
 * a tag that has a nonce gets this one instead. Text inside a script or a style element is left
 * as it is, whatever it holds, since it is no markup. Without such tags, `html` itself comes back.
 */
export function withNonce(html: string, nonce: string): string {
  const parts: string[] = []
  let copied = 0
  TAG.lastIndex = 0
  for (let tag = TAG.exec(html); tag; tag = TAG.exec(html)) {
    const [, name, attributes] = tag as unknown as [string, string, string]
    const stamped = NONCE_ATTRIBUTE.test(attributes)
      ? attributes.replace(NONCE_ATTRIBUTE, `$1nonce="${nonce}"`)
      : ` nonce="${nonce}"${attributes}`
    parts.push(html.slice(copied, tag.index), `<${name}${stamped}>`)
    copied = TAG.lastIndex
    const textEnd = TEXT_END[name.toLowerCase()]
    if (textEnd) {
      textEnd.lastIndex = copied
      const end = textEnd.exec(html)
      TAG.lastIndex = end ? end.index : html.length
    }
  }
  if (!parts.length) return html
  parts.push(html.slice(copied))
  return parts.join('')
}
