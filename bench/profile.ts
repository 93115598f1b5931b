// `npx tsx bench/profile.ts`: profiles the built server (started as `npm start` starts it, plus
// `--cpu-prof`) under 32 connections of `GET /api/auth/me`, then writes the flame graph and the
// tables of docs/benchmarks.md ("Where the time goes") from the profile (bench/flame-graph.ts).
// Options: --seconds N (default 15), --output DIR (a build's .output, default ./.output),
// --svg FILE (default docs/profile-me.svg), --path /api/... (default /api/auth/me; a page path
// is asked for as a browser does, Accept: text/html with the login's cookies, or without them
// with --visitor; /api/auth/login takes logins as the bench's login scenario does), --cost N
// (bcrypt's cost, 4 to 31: at 4 a login's work outside the hash shows through it), --from FILE (only
// draw and tabulate an existing .cpuprofile).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { withBenchDatabase } from './database'
import { analyseProfile, type CpuProfile, type ProfileWindow } from './flame-graph'
import { cycle, load } from './load'
import { postJson, registerAccounts, signIn, startServer, type RunningServer } from './servers'
import { appEnv, appLogin, PASSWORD, startOptions } from './targets'

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
    cost: { type: 'string' },
  },
})

/** The path profiled with logins instead of reads. */
const LOGIN_PATH = '/api/auth/login'

/** Now on the monotonic clock, in µs: the clock of the profile's timestamps. */
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n)

/** Writes the flame graph of `file` and prints its tables: of the measured load's `window` alone when given. */
function analyse(file: string, window?: ProfileWindow): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const analysis = analyseProfile(profile, { title: options.title ?? `${options.path === LOGIN_PATH ? 'POST' : 'GET'} ${options.path}, built server under load`, window })
  writeFileSync(options.svg, analysis.svg)
  console.log(`\nProfile: ${file}\nFlame graph: ${options.svg}\n`)
  console.log(analysis.tables)
}

if (options.from) {
  analyse(options.from)
  process.exit(0)
}

/** `GET options.path` as the profiled account: an API path with its bearer token, a page as a browser asks for it. */
async function reads(server: RunningServer) {
  await postJson(server, '/api/auth/register', { username: 'profiled', password: PASSWORD })
  const { token, cookie } = await signIn(server, 'profiled', PASSWORD)
  const headers: Record<string, string> = options.path.startsWith('/api/') ? { authorization: `Bearer ${token}` } : { accept: 'text/html', ...(options.visitor ? {} : { cookie }) }
  return { next: () => ({ method: 'GET' as const, path: options.path, headers }), connections: options.path.startsWith('/api/') ? 32 : 8 }
}

/** Logins of the bench's users in turn, on the login scenario's 4 connections (bench/run.ts). */
async function logins(server: RunningServer) {
  const nextUser = cycle(await registerAccounts(server, 'profiled'))
  return { next: () => appLogin(nextUser()), connections: 4 }
}

let measured: ProfileWindow | undefined
const profileDir = mkdtempSync(join(tmpdir(), 'cw-profile-'))
await withBenchDatabase('cw_profile', async (databaseUrl) => {
  const server = await startServer(resolve(options.output, 'server/index.mjs'), [...startOptions(), '--cpu-prof', `--cpu-prof-dir=${profileDir}`], appEnv(databaseUrl, options.cost))
  try {
    const { next, connections } = options.path === LOGIN_PATH ? await logins(server) : await reads(server)
    await load(server.url, { connections, seconds: 3, next })
    measured = { fromUs: monotonicUs(), toUs: 0 }
    const result = await load(server.url, { connections, seconds: Number(options.seconds), next })
    measured.toUs = monotonicUs()
    console.log(`${options.path}: ${result.requestsPerSecond.toFixed(0)} req/s, p99 ${result.latencyMs.p99} ms, failures ${result.failures}`)
  }
  finally {
    await server.stop()
  }
  // The main thread's profile (worker threads, e.g. the password pool's, write their own).
  const file = readdirSync(profileDir).sort().find(entry => entry.endsWith('.cpuprofile'))
  if (!file) throw new Error(`no .cpuprofile in ${profileDir}`)
  analyse(join(profileDir, file), measured)
})
