// `npx tsx bench/ceiling.ts`: how far the session check is from its ceiling. Serves, on one fresh
// database, the built app (as `npm start` starts it), the Express peer and the bare session
// check of issue 16 (bench/peers/bare-session-check.mjs: node:http, jose and this app's own
// query, nothing around them), and measures `GET /api/auth/me` on each in alternating rounds
// (32 connections): req/s, and the CPU each request costs the server, MariaDB and the load
// generator (this process). Ratios are taken within each round, then their median.
// Options: --rounds N (default 4), --seconds N (default 6). Linux (CPU from /proc).
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { databaseServerPid, withBenchDatabase } from './database'
import { load } from './load'
import { cpuMsOf, startServer, type RunningServer } from './servers'
import { spreadOf } from './stats'
import { APP_ENTRY, PASSWORD, TARGETS } from './targets'

const { values: options } = parseArgs({
  options: {
    rounds: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '6' },
  },
})
const rounds = Number(options.rounds)
const seconds = Number(options.seconds)

const databasePid = databaseServerPid()
const jwtSecret = randomBytes(36).toString('base64url')
const [app, express] = [TARGETS.find(target => target.key === 'app')!, TARGETS.find(target => target.key === 'express')!]

interface Contender { label: string, server: RunningServer, path: string, token: string }
await withBenchDatabase('cw_ceiling', async (databaseUrl) => {
  const contenders: Contender[] = []
  try {
    // The app first: its migrations create the tables the others read.
    const appServer = await startServer(APP_ENTRY, app.nodeArgs, { ...app.env(databaseUrl), NUXT_JWT_SECRET: jwtSecret })
    contenders.push({ label: 'community-web', server: appServer, path: '/api/auth/me', token: '' })
    const bare = await startServer(new URL('./peers/bare-session-check.mjs', import.meta.url).pathname, [], { DATABASE_URL: databaseUrl, JWT_SECRET: jwtSecret })
    contenders.push({ label: 'bare node:http, same query', server: bare, path: '/api/auth/me', token: '' })
    const expressServer = await startServer(express.script, express.nodeArgs, express.env(databaseUrl))
    contenders.push({ label: 'Express design', server: expressServer, path: '/api/auth/me', token: '' })

    const post = async (server: RunningServer, path: string, body: unknown) => {
      const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      if (!response.ok) throw new Error(`${path} answered ${response.status}`)
      return response.json() as Promise<unknown>
    }
    await post(appServer, '/api/auth/register', { username: 'ceiling', password: PASSWORD })
    // The bare check reads the app's own sessions: it is handed the app's token.
    contenders[0]!.token = contenders[1]!.token = app.tokenOf(await post(appServer, '/api/auth/login', { username: 'ceiling', password: PASSWORD }))
    contenders[2]!.token = express.tokenOf(await post(expressServer, '/api/auth/login', { username: 'ceiling', password: PASSWORD }))

    const answers = await Promise.all(contenders.slice(0, 2).map(async ({ server, path, token }) => (await (await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json() as { data: { user: unknown } }).data.user))
    if (JSON.stringify(answers[0]) !== JSON.stringify(answers[1])) throw new Error(`the bare check answers another user object:\n${JSON.stringify(answers)}`)

    const request = (contender: Contender) => () => ({ method: 'GET' as const, path: contender.path, headers: { authorization: `Bearer ${contender.token}` } })
    for (const contender of contenders) await load(contender.server.url, { connections: 32, seconds: 2, next: request(contender) })

    const figures = contenders.map(() => ({ rate: [] as number[], server: [] as number[], database: [] as number[], generator: [] as number[] }))
    for (let round = 1; round <= rounds; round++) {
      for (const [index, contender] of contenders.entries()) {
        const before = { server: cpuMsOf(contender.server.pid), database: cpuMsOf(databasePid), generator: process.cpuUsage() }
        const result = await load(contender.server.url, { connections: 32, seconds, next: request(contender) })
        if (result.failures) throw new Error(`${contender.label}: ${result.failures} failed requests`)
        const generator = process.cpuUsage(before.generator)
        const perRequest = (ms: number) => (ms * 1000) / result.requests
        const figure = figures[index]!
        figure.rate.push(result.requestsPerSecond)
        figure.server.push(perRequest(cpuMsOf(contender.server.pid) - before.server))
        figure.database.push(perRequest(cpuMsOf(databasePid) - before.database))
        figure.generator.push(perRequest((generator.user + generator.system) / 1000))
        console.log(`round ${round}, ${contender.label}: ${result.requestsPerSecond.toFixed(0)} req/s, CPU µs/request: server ${figure.server.at(-1)!.toFixed(0)}, MariaDB ${figure.database.at(-1)!.toFixed(0)}, load ${figure.generator.at(-1)!.toFixed(0)}`)
      }
    }

    const median = (values: number[]) => spreadOf(values).median
    const ratio = (a: number, b: number) => {
      const spread = spreadOf(figures[a]!.rate.map((rate, round) => rate / figures[b]!.rate[round]!))
      return `${spread.median.toFixed(2)}× (${spread.min.toFixed(2)}–${spread.max.toFixed(2)})`
    }
    console.log(`\nGET /api/auth/me, 32 connections, ${rounds} rounds of ${seconds} s, medians\n`)
    console.log('| | req/s | vs Express | CPU µs per request: server | MariaDB | load generator |')
    console.log('| --- | --- | --- | --- | --- | --- |')
    for (const [index, contender] of contenders.entries()) {
      const figure = figures[index]!
      console.log(`| ${contender.label} | ${median(figure.rate).toFixed(0)} | ${index === 2 ? '1' : ratio(index, 2)} | ${median(figure.server).toFixed(0)} | ${median(figure.database).toFixed(0)} | ${median(figure.generator).toFixed(0)} |`)
    }
    console.log(`\ncommunity-web / bare: ${ratio(0, 1)}`)
  }
  finally {
    for (const { server } of contenders) await server.stop()
  }
})
