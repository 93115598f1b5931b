// `npm run bench`: measures the built server (run `npm run build` first) against the two peers
// of issue 6 on this machine, in one run, on a fresh database that is dropped afterwards.
// Method and results: docs/benchmarks.md. Options: --seconds N (per scenario, default 10),
// --targets app,express,betterAuth (default all three), --runs N (everything N times, in turn;
// the report shows the median and the spread of each figure).
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { parseArgs } from 'node:util'
import type mysql from 'mysql2/promise'
import { withBenchDatabase } from './database'
import { cycle, load, type LoadResult, type RequestSpec } from './load'
import { measurePageWeight } from './page-weight'
import { printReport, type BenchReport, type PagesResult, type TargetResult } from './report'
import { cookieHeaderOf, startServer, type RunningServer } from './servers'
import { measureStall, timeOneCompare, withCompareTimedAround } from './stall'
import { APP_ENTRY, BCRYPT_COST, BETTER_AUTH_DIR, SEEDED_USERS, TARGETS, type Target } from './targets'

const { values: options } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    targets: { type: 'string', default: TARGETS.map(target => target.key).join(',') },
    runs: { type: 'string', default: '1' },
  },
})
const seconds = Number(options.seconds)
const runs = Math.max(1, Math.floor(Number(options.runs)) || 1)
const chosen = TARGETS.filter(target => options.targets.split(',').includes(target.key))

if (!existsSync(APP_ENTRY)) {
  console.error('No built server in .output/: run `npm run build` first.')
  process.exit(1)
}

/** Better Auth lives in its own folder (its optional peers clash with the app's tree): install it once. */
function betterAuthInstalled(): boolean {
  if (existsSync(`${BETTER_AUTH_DIR}/node_modules/better-auth`)) return true
  console.log('--- installing the Better Auth peer (bench/peers/better-auth, once)')
  try {
    execFileSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: BETTER_AUTH_DIR, stdio: 'inherit' })
    return true
  }
  catch {
    console.warn('Could not install Better Auth: its column will be estimated from the issue\'s table.')
    return false
  }
}

/** Calls one endpoint outside of a load run and answers its JSON (a failure stops the bench). */
async function call(server: RunningServer, request: RequestSpec): Promise<unknown> {
  return (await callForResponse(server, request)).body
}

async function callForResponse(server: RunningServer, request: RequestSpec): Promise<{ body: unknown, response: Response }> {
  const response = await fetch(`${server.url}${request.path}`, {
    method: request.method,
    // Better Auth refuses a fetch() (Sec-Fetch-Mode: cors) without an Origin: send our own.
    headers: { 'content-type': 'application/json', 'origin': server.url, ...request.headers },
    body: JSON.stringify(request.body),
  })
  const body = await response.json()
  if (!response.ok) throw new Error(`${request.path} answered ${response.status}: ${JSON.stringify(body)}`)
  return { body, response }
}

const PAGE_CONNECTIONS = 8

/**
 * The server-rendered pages (this app only): `/login` for a visitor and `/profile` for a
 * signed-in user (the cookies of a login), as a browser asks for them (`Accept: text/html`);
 * then `/login` rendered for every request (a query keeps the kept page out: what a visitor with
 * another cookie gets), and what a first visit of each page downloads.
 */
async function measurePages(server: RunningServer, login: RequestSpec): Promise<PagesResult> {
  const cookie = cookieHeaderOf((await callForResponse(server, login)).response)
  const page = (path: string, headers: Record<string, string> = {}): RequestSpec => ({ method: 'GET', path, headers: { accept: 'text/html', ...headers } })
  const anonymous = page('/login')
  const rendered = page('/login?bench=render')
  const signedIn = page('/profile', { cookie })
  // The signed-in page must really be the profile: a redirect to /login would be measured as a 302.
  const check = await fetch(`${server.url}/profile`, { headers: signedIn.headers, redirect: 'manual' })
  if (check.status !== 200) throw new Error(`/profile with the login's cookies answered ${check.status}`)

  await load(server.url, { connections: PAGE_CONNECTIONS, seconds: 2, next: () => anonymous })
  const loginPage = await load(server.url, { connections: PAGE_CONNECTIONS, seconds, next: () => anonymous })
  line(`GET /login (${PAGE_CONNECTIONS} connections)`, loginPage)
  const profilePage = await load(server.url, { connections: PAGE_CONNECTIONS, seconds, next: () => signedIn })
  line(`GET /profile (${PAGE_CONNECTIONS} connections)`, profilePage)
  const renderedPage = await load(server.url, { connections: PAGE_CONNECTIONS, seconds, next: () => rendered })
  line(`GET /login?bench=render (${PAGE_CONNECTIONS} conn.)`, renderedPage)
  const [loginWeight, profileWeight] = [await measurePageWeight(server.url, '/login'), await measurePageWeight(server.url, '/profile', { cookie })]
  return { login: { load: loginPage, weight: loginWeight }, profile: { load: profilePage, weight: profileWeight }, loginRendered: renderedPage }
}

/** Runs `work` over `items`, `parallel` at a time. */
async function inBatches<T, R>(items: T[], parallel: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = []
  for (let index = 0; index < items.length; index += parallel) {
    results.push(...await Promise.all(items.slice(index, index + parallel).map(work)))
  }
  return results
}

function line(name: string, result: LoadResult): void {
  console.log(`    ${name.padEnd(34)} ${result.requestsPerSecond.toFixed(1).padStart(8)} req/s  p50 ${result.latencyMs.p50} ms  p99 ${result.latencyMs.p99} ms  failures ${result.failures}`)
}

async function measure(target: Target, databaseUrl: string): Promise<TargetResult> {
  console.log(`--- ${target.label}`)
  const server = await startServer(target.script, target.nodeArgs, target.env(databaseUrl))
  try {
    const prefix = `b${randomBytes(3).toString('hex')}`
    const seeded = Array.from({ length: SEEDED_USERS }, (_, index) => `${prefix}s${index}`)
    await inBatches(seeded, 4, username => call(server, target.register(username)))
    const nextUser = cycle(seeded)

    let registered = 0
    const register = await load(server.url, { connections: 4, seconds, next: () => target.register(`${prefix}r${registered++}`) })
    line('register (4 connections)', register)
    // The limit logins are held to, timed just before and just after them: the VM's speed drifts
    // by a tenth or more within a run, so a comparison timed at the run's start misjudges them.
    const { result: login, compareMs: loginCompareMs } = await withCompareTimedAround(BCRYPT_COST, () => load(server.url, { connections: 4, seconds, next: () => target.login(nextUser()) }))
    line('login (4 connections)', login)

    const tokens = await inBatches(seeded, 4, async username => target.tokenOf(await call(server, target.login(username))))
    const nextToken = cycle(tokens)
    const me = () => target.me(nextToken())
    await load(server.url, { connections: 32, seconds: 2, next: me })
    const session = await load(server.url, { connections: 32, seconds, next: me })
    line('session check (32 connections)', session)

    const [mixedSession, mixedLogin] = await Promise.all([
      load(server.url, { connections: 32, seconds, next: me }),
      load(server.url, { connections: 4, seconds, next: () => target.login(nextUser()) }),
    ])
    line('session check while logins run', mixedSession)
    line('logins while session checks run', mixedLogin)
    const peakRssApiMb = server.peakRssMb()
    const pages = target.key === 'app' ? await measurePages(server, target.login(seeded[0]!)) : undefined
    return { register, login, loginCompareMs, session, mixed: { session: mixedSession, login: mixedLogin }, pages, peakRssApiMb, peakRssMb: server.peakRssMb() }
  }
  finally {
    await server.stop()
  }
}

async function main(): Promise<void> {
  await withBenchDatabase('cw_bench', async (databaseUrl, admin) => {
    const [[{ version }]] = await admin.query<mysql.RowDataPacket[]>('SELECT VERSION() AS version') as unknown as [[{ version: string }]]
    const loadBefore = os.loadavg()
    const targets = chosen.filter(target => target.key !== 'betterAuth' || betterAuthInstalled())
    const compareMs: number[] = []
    const stall: BenchReport['stall'] = []
    const results: BenchReport['results'] = {}
    for (let run = 1; run <= runs; run++) {
      console.log(`=== run ${run} of ${runs}`)
      console.log(`--- bcryptjs at cost ${BCRYPT_COST}: one comparison, then 4 at a time on the main thread and on the pool`)
      compareMs.push(timeOneCompare(BCRYPT_COST))
      stall.push({
        mainThread: await measureStall('main-thread', { cost: BCRYPT_COST, concurrency: 4, seconds: 5 }),
        pool: await measureStall('pool', { cost: BCRYPT_COST, concurrency: 4, seconds: 5 }),
      })
      for (const target of targets) {
        (results[target.key] ??= []).push(await measure(target, databaseUrl))
      }
    }

    const report: BenchReport = {
      date: new Date().toISOString(),
      machine: {
        cpu: os.cpus()[0]?.model ?? 'unknown',
        cores: os.availableParallelism(),
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        database: version,
        loadAverageBefore: loadBefore,
        loadAverageAfter: os.loadavg(),
      },
      secondsPerScenario: seconds,
      runs,
      bcrypt: { cost: BCRYPT_COST, compareMs },
      stall,
      results,
    }
    printReport(report)
    mkdirSync('bench-results', { recursive: true })
    const file = `bench-results/bench-${report.date.replace(/[:.]/g, '-')}.json`
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`)
    console.log(`\nRaw numbers: ${file}`)
  })
}

await main()
