// `npx tsx bench/profile.ts`: profiles the built server (started as `npm start` starts it, plus
// `--cpu-prof`) under 32 connections of `GET /api/auth/me`, then writes the flame graph and the
// tables of docs/benchmarks.md ("Where the time goes") from the profile (bench/flame-graph.ts).
// Options: --seconds N (default 15), --output DIR (a build's .output, default ./.output),
// --svg FILE (default docs/profile-me.svg), --path /api/... (default /api/auth/me; a page path
// is asked for as a browser does, Accept: text/html with the login's cookies, or without them
// with --visitor), --from FILE (only
// draw and tabulate an existing .cpuprofile).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { withBenchDatabase } from './database'
import { analyseProfile, type CpuProfile } from './flame-graph'
import { load } from './load'
import { postJson, signIn, startServer } from './servers'
import { appEnv, PASSWORD, startOptions } from './targets'

const { values: options } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    output: { type: 'string', default: '.output' },
    svg: { type: 'string', default: 'docs/profile-me.svg' },
    path: { type: 'string', default: '/api/auth/me' },
    // A page as a visitor sees it: no cookies (a signed-in visitor of /login is sent on).
    visitor: { type: 'boolean', default: false },
    from: { type: 'string' },
    title: { type: 'string' },
  },
})

/** Writes the flame graph of `file` and prints its tables. */
function analyse(file: string): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const analysis = analyseProfile(profile, { title: options.title ?? `GET ${options.path}, built server under load` })
  writeFileSync(options.svg, analysis.svg)
  console.log(`\nProfile: ${file}\nFlame graph: ${options.svg}\n`)
  console.log(analysis.tables)
}

if (options.from) {
  analyse(options.from)
  process.exit(0)
}

const profileDir = mkdtempSync(join(tmpdir(), 'cw-profile-'))
await withBenchDatabase('cw_profile', async (databaseUrl) => {
  const server = await startServer(resolve(options.output, 'server/index.mjs'), [...startOptions(), '--cpu-prof', `--cpu-prof-dir=${profileDir}`], appEnv(databaseUrl))
  try {
    await postJson(server, '/api/auth/register', { username: 'profiled', password: PASSWORD })
    const { token, cookie } = await signIn(server, 'profiled', PASSWORD)
    const headers: Record<string, string> = options.path.startsWith('/api/') ? { authorization: `Bearer ${token}` } : { accept: 'text/html', ...(options.visitor ? {} : { cookie }) }
    const me = () => ({ method: 'GET' as const, path: options.path, headers })
    const connections = options.path.startsWith('/api/') ? 32 : 8
    await load(server.url, { connections, seconds: 3, next: me })
    const result = await load(server.url, { connections, seconds: Number(options.seconds), next: me })
    console.log(`${options.path}: ${result.requestsPerSecond.toFixed(0)} req/s, p99 ${result.latencyMs.p99} ms, failures ${result.failures}`)
  }
  finally {
    await server.stop()
  }
  // The main thread's profile (worker threads, e.g. the password pool's, write their own).
  const file = readdirSync(profileDir).sort().find(entry => entry.endsWith('.cpuprofile'))
  if (!file) throw new Error(`no .cpuprofile in ${profileDir}`)
  analyse(join(profileDir, file))
})
