import { gzipSync } from 'node:zlib'

/** Bytes of one kind of asset, as the server sends them and gzipped. */
export interface Bytes {
  raw: number
  gzip: number
}

/** What a browser downloads on a first visit to a page: the document, and the JS and CSS it names. */
export interface PageWeight {
  html: Bytes
  js: Bytes & { files: number }
  css: Bytes & { files: number }
}

const TAG = /<(script|link)\b([^>]*)>/gi
const ATTRIBUTE = /([\w-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g

function attributesOf(text: string): Record<string, string> {
  const attributes: Record<string, string> = {}
  for (const [, name, double, single, bare] of text.matchAll(ATTRIBUTE)) attributes[name!.toLowerCase()] = double ?? single ?? bare ?? ''
  return attributes
}

/**
 * The JS and CSS addresses a rendered page makes the browser fetch before it is interactive:
 * `<script src>`, `<link rel="modulepreload">`, `<link rel="stylesheet">` and
 * `<link rel="preload" as="script|style">`. Prefetches (later pages) are not counted.
 */
export function assetsOf(html: string): { js: string[], css: string[] } {
  const js = new Set<string>()
  const css = new Set<string>()
  for (const [, tag, rest] of html.matchAll(TAG)) {
    const attributes = attributesOf(rest!)
    if (tag!.toLowerCase() === 'script') {
      if (attributes.src) js.add(attributes.src)
      continue
    }
    const rel = (attributes.rel ?? '').toLowerCase().split(/\s+/)
    if (!attributes.href) continue
    if (rel.includes('modulepreload') || (rel.includes('preload') && attributes.as === 'script')) js.add(attributes.href)
    else if (rel.includes('stylesheet') || (rel.includes('preload') && attributes.as === 'style')) css.add(attributes.href)
  }
  return { js: [...js], css: [...css] }
}

const sizes = (body: Buffer): Bytes => ({ raw: body.length, gzip: gzipSync(body, { level: 6 }).length })
const sum = (all: Bytes[]): Bytes => all.reduce((total, one) => ({ raw: total.raw + one.raw, gzip: total.gzip + one.gzip }), { raw: 0, gzip: 0 })

async function download(url: string, headers: Record<string, string>): Promise<Buffer> {
  const response = await fetch(url, { headers })
  if (!response.ok) throw new Error(`${url} answered ${response.status}`)
  return Buffer.from(await response.arrayBuffer())
}

/**
 * Renders `path` on `baseUrl` as a browser's first visit would (with `headers`, e.g. cookies),
 * then fetches every JS and CSS file the HTML names and sums their sizes, raw and gzipped
 * (level 6, what a reverse proxy's gzip sends).
 */
export async function measurePageWeight(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<PageWeight> {
  const document = await download(`${baseUrl}${path}`, { accept: 'text/html', ...headers })
  const { js, css } = assetsOf(document.toString('utf8'))
  const fetchAll = (urls: string[]) => Promise.all(urls.map(async url => sizes(await download(new URL(url, baseUrl).href, {}))))
  const [jsSizes, cssSizes] = await Promise.all([fetchAll(js), fetchAll(css)])
  return {
    html: sizes(document),
    js: { ...sum(jsSizes), files: js.length },
    css: { ...sum(cssSizes), files: css.length },
  }
}
