// `npx tsx bench/allocation.ts`: what one request allocates on the built server (started as
// `npm start` starts it, plus `--inspect` on a loopback port), and how much of it lives long
// enough for the old generation to collect, by allocating function. V8's sampling heap profiler
// runs twice under the same load: once keeping every sample, once dropping those of objects a
// full (mark-compact) collection freed; the difference is what the old generation collected,
// the garbage that drives the heap's growth and the RSS peaks (docs/benchmarks.md, "Memory").
// Options: --path (default /login; an /api/ path is asked with a login's Bearer token, a page as
// a visitor's browser asks, or with the login's cookies with --signed-in), --seconds N per
// profile (default 6), --output DIR (a build's .output, default ./.output), --top N (default 20).
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { withBenchDatabase } from './database'
import { load } from './load'
import { postJson, signIn, startServer } from './servers'
import { appEnv, PASSWORD, startOptions } from './targets'

// The inspector speaks WebSocket, which Node 20 has behind a flag: run again with it.
if (typeof WebSocket === 'undefined') {
  const { status } = spawnSync(process.execPath, ['--experimental-websocket', ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' })
  process.exit(status ?? 1)
}

const { values: options } = parseArgs({
  options: {
    'path': { type: 'string', default: '/login' },
    'signed-in': { type: 'boolean', default: false },
    'seconds': { type: 'string', default: '6' },
    'output': { type: 'string', default: '.output' },
    'top': { type: 'string', default: '20' },
  },
})

interface ProfileNode { callFrame: { functionName: string, url: string, lineNumber: number }, selfSize: number, children: ProfileNode[] }

/** Bytes allocated per request by `function ← caller ← caller's caller`. */
function bytesBySite(head: ProfileNode, requests: number): Map<string, number> {
  const sites = new Map<string, number>()
  const walk = (node: ProfileNode, callers: string[]) => {
    const { functionName, url, lineNumber } = node.callFrame
    const name = functionName || '(anonymous)'
    const where = url.replace(/^.*node_modules\//, '').replace(/^.*\.output\/server\//, '')
    const site = `${name} ${where}${where ? `:${lineNumber + 1}` : ''}${callers.length ? ` ← ${callers.slice(-2).reverse().join(' ← ')}` : ''}`
    sites.set(site, (sites.get(site) ?? 0) + node.selfSize / requests)
    for (const child of node.children) walk(child, [...callers, name])
  }
  walk(head, [])
  return sites
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`
const inspectPort = 9300 + Math.floor(Math.random() * 600)
await withBenchDatabase('cw_allocation', async (databaseUrl) => {
  const server = await startServer(resolve(options.output, 'server/index.mjs'), [...startOptions(), `--inspect=127.0.0.1:${inspectPort}`], appEnv(databaseUrl))
  try {
    await postJson(server, '/api/auth/register', { username: 'allocating', password: PASSWORD })
    const { token, cookie } = await signIn(server, 'allocating', PASSWORD)
    const api = options.path.startsWith('/api/')
    const headers: Record<string, string> = api ? { authorization: `Bearer ${token}` } : { accept: 'text/html', ...(options['signed-in'] ? { cookie } : {}) }
    const next = () => ({ method: 'GET' as const, path: options.path, headers })
    const connections = api ? 32 : 8
    await load(server.url, { connections, seconds: 3, next })

    const [target] = await (await fetch(`http://127.0.0.1:${inspectPort}/json`)).json() as { webSocketDebuggerUrl: string }[]
    const inspector = new WebSocket(target!.webSocketDebuggerUrl)
    await new Promise(settle => inspector.addEventListener('open', settle, { once: true }))
    let lastId = 0
    const call = (method: string, params: object = {}) => new Promise<Record<string, unknown>>((settle) => {
      const id = ++lastId
      const onMessage = (message: MessageEvent) => {
        const answer = JSON.parse(String(message.data)) as { id?: number, result: Record<string, unknown> }
        if (answer.id !== id) return
        inspector.removeEventListener('message', onMessage)
        settle(answer.result)
      }
      inspector.addEventListener('message', onMessage)
      inspector.send(JSON.stringify({ id, method, params }))
    })
    const profile = async (keepWhatFullCollectionsFree: boolean) => {
      await call('HeapProfiler.startSampling', { samplingInterval: 2048, includeObjectsCollectedByMinorGC: true, includeObjectsCollectedByMajorGC: keepWhatFullCollectionsFree })
      const result = await load(server.url, { connections, seconds: Number(options.seconds), next })
      await call('HeapProfiler.collectGarbage')
      const { profile } = await call('HeapProfiler.stopSampling') as { profile: { head: ProfileNode } }
      return { sites: bytesBySite(profile.head, result.requests), result }
    }
    await call('HeapProfiler.enable')
    const all = await profile(true)
    const youngOnly = await profile(false)
    inspector.close()

    const total = (sites: Map<string, number>) => [...sites.values()].reduce((sum, bytes) => sum + bytes, 0)
    const old = [...all.sites].map(([site, bytes]) => [site, bytes - (youngOnly.sites.get(site) ?? 0)] as const).sort((a, b) => b[1] - a[1])
    console.log(`${options.path}, ${connections} connections: ${all.result.requestsPerSecond.toFixed(0)} and ${youngOnly.result.requestsPerSecond.toFixed(0)} req/s in the two profiles`)
    console.log(`allocated per request: ${kB(total(all.sites))}; collected by the old generation: ${kB(old.reduce((sum, [, bytes]) => sum + bytes, 0))}\n`)
    console.log(`Most allocated per request:`)
    for (const [site, bytes] of [...all.sites].sort((a, b) => b[1] - a[1]).slice(0, Number(options.top))) console.log(`  ${kB(bytes).padStart(9)}  ${site}`)
    console.log(`\nMost collected by the old generation per request (the two profiles differ by sampling noise too):`)
    for (const [site, bytes] of old.slice(0, Number(options.top))) console.log(`  ${kB(bytes).padStart(9)}  ${site}`)
  }
  finally {
    await server.stop()
  }
})
