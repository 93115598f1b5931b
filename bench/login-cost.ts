// `npx tsx bench/login-cost.ts`: where a login's CPU goes. The built server (started as `npm start`
// starts it) takes logins of 32 users in turn on 4 connections, as the bench's login scenario
// does; for each round it reports the CPU time per login of the server's main thread, of its
// hashing threads (the bcrypt pool's: one per core, the busiest after the main one), of its other
// threads (V8's and libuv's), of MariaDB, and of the load generator (this process), with what
// they add up to. Two cores give at most 2,000 ms of CPU a second, so logins/s can reach 2,000 /
// that sum. With --bare, the same for the bare login of bench/peers/bare-login.mjs (this app's
// statements, nothing around them) on the app's accounts.
// Options: --rounds N (default 3), --seconds N (default 10), --bare. Linux (CPU from /proc).
import { readdirSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'
import { databaseServerPid, withBenchDatabase } from './database'
import { cycle, load } from './load'
import { cpuMsOf, registerAccounts, startServer, type RunningServer } from './servers'
import { spreadOf } from './stats'
import { APP_ENTRY, appEnv, appLogin, BARE_LOGIN, bareLoginEnv, startOptions } from './targets'

const { values: options } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '10' },
    bare: { type: 'boolean', default: false },
  },
})

/** Each thread of process `pid` and its CPU time so far, in ms. */
function threadsOf(pid: number): Map<number, number> {
  const threads = new Map<number, number>()
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      threads.set(Number(tid), cpuMsOf(pid, Number(tid)))
    }
    catch {
      // the thread ended between the listing and the read
    }
  }
  return threads
}

const databasePid = databaseServerPid()
const cores = availableParallelism()
const PARTS = ['main thread', 'hashing threads', 'other server threads', 'MariaDB', 'load generator'] as const
type Part = typeof PARTS[number]

await withBenchDatabase('cw_login_cost', async (databaseUrl) => {
  const app = await startServer(APP_ENTRY, startOptions(), appEnv(databaseUrl))
  let bare: RunningServer | undefined
  try {
    const next = cycle(await registerAccounts(app, 'logincost'))
    // The bare login uses the app's tables and accounts; the app then idles.
    if (options.bare) bare = await startServer(BARE_LOGIN, [], bareLoginEnv(databaseUrl, 'statements'))
    const server = bare ?? app
    const login = () => appLogin(next())
    await load(server.url, { connections: 4, seconds: 3, next: login })

    const perLogin = Object.fromEntries([...PARTS, 'sum'].map(part => [part, [] as number[]])) as Record<Part | 'sum', number[]>
    const rates: number[] = []
    for (let round = 1; round <= Number(options.rounds); round++) {
      const threadsBefore = threadsOf(server.pid)
      const databaseBefore = cpuMsOf(databasePid)
      const generatorBefore = process.cpuUsage()
      const result = await load(server.url, { connections: 4, seconds: Number(options.seconds), next: login })
      const generator = process.cpuUsage(generatorBefore)
      const used: Record<Part, number> = {
        'main thread': 0,
        'hashing threads': 0,
        'other server threads': 0,
        'MariaDB': cpuMsOf(databasePid) - databaseBefore,
        'load generator': (generator.user + generator.system) / 1000,
      }
      // The hashing threads: the pool's, one per core, the busiest threads after the main one.
      const threadMs = [...threadsOf(server.pid)].map(([tid, ms]) => ({ tid, ms: ms - (threadsBefore.get(tid) ?? 0) }))
      const hashing = new Set(threadMs.filter(({ tid }) => tid !== server.pid).sort((a, b) => b.ms - a.ms).slice(0, cores).map(({ tid }) => tid))
      for (const { tid, ms } of threadMs) {
        const part: Part = tid === server.pid ? 'main thread' : hashing.has(tid) ? 'hashing threads' : 'other server threads'
        used[part] += ms
      }
      if (result.failures) console.warn(`  round ${round}: ${result.failures} failed logins`)
      const logins = Math.max(1, result.requests)
      for (const part of PARTS) perLogin[part].push(used[part] / logins)
      perLogin.sum.push(PARTS.reduce((sum, part) => sum + used[part], 0) / logins)
      rates.push(result.requestsPerSecond)
      console.log(`round ${round}: ${result.requestsPerSecond.toFixed(1)} logins/s, ${PARTS.map(part => `${part} ${(used[part] / logins).toFixed(2)} ms`).join(', ')}`)
    }

    console.log(`\nCPU per login, 4 connections, ${options.rounds} rounds of ${options.seconds} s: median (min–max)\n`)
    console.log('| where | ms per login |\n| --- | --- |')
    for (const [part, values] of Object.entries(perLogin)) {
      const spread = spreadOf(values)
      console.log(`| ${part} | ${spread.median.toFixed(2)} (${spread.min.toFixed(2)}–${spread.max.toFixed(2)}) |`)
    }
    const rate = spreadOf(rates)
    console.log(`\nlogins/s: ${rate.median.toFixed(1)} (${rate.min.toFixed(1)}–${rate.max.toFixed(1)}); two cores allow 2,000 ms / the sum a second`)
  }
  finally {
    await bare?.stop()
    await app.stop()
  }
})
