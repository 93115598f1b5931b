// `npx tsx bench/head-to-head.ts --a DIR --b DIR`: two builds of the app (their `.output`
// folders), both serving at once on one fresh database, measured in alternating short rounds so
// that a busy machine's noise falls on both alike. Each round: autocannon against one, then the
// other (the order alternates), plus each server's own CPU time per request (from /proc). Prints
// the rounds, the medians and the ratio B / A. Options: --rounds N (default 6), --seconds N
// (default 5), --connections N (default 32), --scenario me|login-page|profile-page|login|patch-me,
// --users N (default 32: the accounts whose sessions `me` cycles through, as `npm run bench` does),
// --cost N (both servers hash with bcrypt at this cost, 4 to 31: at 4 a login's work outside the hash
// shows through it).
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { withBenchDatabase } from './database'
import { cycle, load, type RequestSpec } from './load'
import { cpuMsOf, postJson, signIn, startServer, type RunningServer, type SignedIn } from './servers'
import { spreadOf } from './stats'
import { appEnv, PASSWORD, SEEDED_USERS, startOptions } from './targets'

const { values: options } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string', default: '.output' },
    rounds: { type: 'string', default: '6' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    scenario: { type: 'string', default: 'me' },
    users: { type: 'string', default: String(SEEDED_USERS) },
    cost: { type: 'string' },
  },
})
if (!options.a) throw new Error('--a DIR: the .output folder of the build to compare against')
const builds = [options.a, options.b]

await withBenchDatabase('cw_h2h', async (databaseUrl) => {
  const env = appEnv(databaseUrl, options.cost)
  const servers: RunningServer[] = []
  try {
    // One after the other: both run the migrations at start, under the migration lock.
    for (const build of builds) servers.push(await startServer(resolve(build, 'server/index.mjs'), startOptions(), env))
    const usernames = Array.from({ length: Number(options.users) }, (_, index) => `headtohead${index}`)
    for (const username of usernames) await postJson(servers[0]!, '/api/auth/register', { username, password: PASSWORD })
    // Each server signs in for itself (its password pool started, its own tokens and cookies): the
    // two get the same set-up.
    const sessions = await Promise.all(servers.map(async (server) => {
      const signedIn = []
      for (const username of usernames) signedIn.push(await signIn(server, username, PASSWORD))
      return signedIn
    }))

    // `own`: the server's sessions, `first` of the first account and `next` going round them all.
    const scenarios: Record<string, (own: { first: SignedIn, next: () => SignedIn }) => RequestSpec> = {
      'me': own => ({ method: 'GET', path: '/api/auth/me', headers: { authorization: `Bearer ${own.next().token}` } }),
      'login-page': () => ({ method: 'GET', path: '/login', headers: { accept: 'text/html' } }),
      'profile-page': own => ({ method: 'GET', path: '/profile', headers: { accept: 'text/html', cookie: own.first.cookie } }),
      'login': () => ({ method: 'POST', path: '/api/auth/login', body: { username: usernames[0], password: PASSWORD } }),
      // A cookie-authenticated change from the site's own page: the CSRF check runs.
      'patch-me': own => ({ method: 'PATCH', path: '/api/auth/me', body: { gender: 1 }, headers: { 'cookie': own.first.cookie, 'sec-fetch-site': 'same-origin' } }),
    }
    const scenario = scenarios[options.scenario!]
    if (!scenario) throw new Error(`--scenario: one of ${Object.keys(scenarios).join(', ')}`)
    const connections = Number(options.connections)
    const seconds = Number(options.seconds)
    const nextFor = (index: number) => {
      const own = { first: sessions[index]![0]!, next: cycle(sessions[index]!) }
      return () => scenario(own)
    }
    for (const index of [1, 0]) await load(servers[index]!.url, { connections, seconds: 2, next: nextFor(index) })

    const figures = servers.map(() => ({ rate: [] as number[], p99: [] as number[], cpuUs: [] as number[] }))
    for (let round = 0; round < Number(options.rounds); round++) {
      const order = round % 2 ? [1, 0] : [0, 1]
      for (const index of order) {
        const server = servers[index]!
        const cpuBefore = cpuMsOf(server.pid)
        const result = await load(server.url, { connections, seconds, next: nextFor(index) })
        const cpuUs = ((cpuMsOf(server.pid) - cpuBefore) * 1000) / Math.max(1, result.requests)
        if (result.failures) console.warn(`  ${'AB'[index]}: ${result.failures} failed requests`)
        figures[index]!.rate.push(result.requestsPerSecond)
        figures[index]!.p99.push(result.latencyMs.p99)
        figures[index]!.cpuUs.push(cpuUs)
        console.log(`round ${round + 1} ${'AB'[index]}: ${result.requestsPerSecond.toFixed(1)} req/s, p99 ${result.latencyMs.p99} ms, ${cpuUs.toFixed(0)} µs CPU/request`)
      }
    }
    const [a, b] = figures as [typeof figures[0], typeof figures[0]]
    const ratios = (key: 'rate' | 'p99' | 'cpuUs') => spreadOf(a[key].map((value, index) => b[key][index]! / value))
    const show = (key: 'rate' | 'p99' | 'cpuUs', digits: number) => {
      const ratio = ratios(key)
      return `A ${spreadOf(a[key]).median.toFixed(digits)} · B ${spreadOf(b[key]).median.toFixed(digits)} · B/A median ${ratio.median.toFixed(3)} (${ratio.min.toFixed(3)}–${ratio.max.toFixed(3)})`
    }
    console.log(`\n${options.scenario}, ${connections} connections, ${options.rounds} rounds of ${seconds} s; A = ${options.a}, B = ${options.b}`)
    console.log(`req/s:            ${show('rate', 1)}`)
    console.log(`p99 ms:           ${show('p99', 0)}`)
    console.log(`CPU µs/request:   ${show('cpuUs', 0)}`)
    console.log(`peak RSS MB:      A ${servers[0]!.peakRssMb().toFixed(0)} · B ${servers[1]!.peakRssMb().toFixed(0)}`)
  }
  finally {
    for (const server of servers) await server.stop()
  }
})
