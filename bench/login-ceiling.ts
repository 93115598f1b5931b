// `npx tsx bench/login-ceiling.ts`: how far the login is from its ceiling. Serves, on one fresh
// database, the built app (as `npm start` starts it) and two bare logins
// (bench/peers/bare-login.mjs: node:http, a bcryptjs worker pool and jose, nothing around them),
// one sending this app's statements for a login and one only looking the account up, and takes
// logins of 32 accounts in turn on 4 connections (the bench's login scenario) on each, in
// alternating rounds. For each: logins/s, their share of the cores' bcryptjs rate (cores x one
// comparison's rate, timed just before and just after the round, as `npm run bench` does), and
// the CPU each login costs the server, MariaDB and the load generator (this process).
// Options: --rounds N (default 3), --seconds N (default 10), --output DIR (a build's .output,
// default ./.output). Linux (CPU from /proc).
import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { databaseServerPid, withBenchDatabase } from './database'
import { cycle, load } from './load'
import { cpuMsOf, registerAccounts, startServer, type RunningServer } from './servers'
import { withCompareTimedAround } from './stall'
import { spreadOf } from './stats'
import { appEnv, appLogin, BARE_LOGIN, bareLoginEnv, BCRYPT_COST, startOptions } from './targets'

const { values: options } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '10' },
    output: { type: 'string', default: '.output' },
  },
})
const rounds = Number(options.rounds)
const seconds = Number(options.seconds)

const cores = availableParallelism()
const databasePid = databaseServerPid()

interface Contender { label: string, server: RunningServer }

await withBenchDatabase('cw_login_ceiling', async (databaseUrl) => {
  const contenders: Contender[] = []
  try {
    // The app first: its migrations create the tables the bare logins use.
    contenders.push({ label: 'community-web', server: await startServer(resolve(options.output, 'server/index.mjs'), startOptions(), appEnv(databaseUrl)) })
    contenders.push({ label: 'bare node:http, same statements', server: await startServer(BARE_LOGIN, [], bareLoginEnv(databaseUrl, 'statements')) })
    contenders.push({ label: 'bare node:http, account look-up only', server: await startServer(BARE_LOGIN, [], bareLoginEnv(databaseUrl, 'lookup')) })

    const usernames = await registerAccounts(contenders[0]!.server, 'ceiling')
    const logins = () => {
      const next = cycle(usernames)
      return () => appLogin(next())
    }

    const figures = contenders.map(() => ({ rate: [] as number[], share: [] as number[], server: [] as number[], database: [] as number[], generator: [] as number[] }))
    for (let round = 1; round <= rounds; round++) {
      for (const [index, { label, server }] of contenders.entries()) {
        // Unmeasured: brings the pool's threads up (the app ends them after 10 s without work) and warms them.
        await load(server.url, { connections: 4, seconds: 2, next: logins() })
        // CPU is read around the load alone: the comparisons timed around it run in this process.
        const { result: { result, used }, compareMs } = await withCompareTimedAround(BCRYPT_COST, async () => {
          const before = { server: cpuMsOf(server.pid), database: cpuMsOf(databasePid), generator: process.cpuUsage() }
          const result = await load(server.url, { connections: 4, seconds, next: logins() })
          const generator = process.cpuUsage(before.generator)
          const used = { server: cpuMsOf(server.pid) - before.server, database: cpuMsOf(databasePid) - before.database, generator: (generator.user + generator.system) / 1000 }
          return { result, used }
        })
        if (result.failures) throw new Error(`${label}: ${result.failures} failed logins\n${server.output()}`)
        const perLogin = (ms: number) => ms / result.requests
        const figure = figures[index]!
        figure.rate.push(result.requestsPerSecond)
        figure.share.push(result.requestsPerSecond / (cores * 1000 / compareMs))
        figure.server.push(perLogin(used.server))
        figure.database.push(perLogin(used.database))
        figure.generator.push(perLogin(used.generator))
        console.log(`round ${round}, ${label}: ${result.requestsPerSecond.toFixed(1)} logins/s = ${(figure.share.at(-1)! * 100).toFixed(0)}% of ${cores} x 1,000 / ${compareMs.toFixed(1)} ms; CPU ms per login: server ${figure.server.at(-1)!.toFixed(1)}, MariaDB ${figure.database.at(-1)!.toFixed(2)}, load ${figure.generator.at(-1)!.toFixed(2)}`)
      }
    }

    const spread = (values: number[], digits: number, scale = 1) => {
      const { median, min, max } = spreadOf(values.map(value => value * scale))
      return `${median.toFixed(digits)} (${min.toFixed(digits)}–${max.toFixed(digits)})`
    }
    console.log(`\nPOST /api/auth/login, 4 connections, ${rounds} rounds of ${seconds} s: median (min–max)\n`)
    console.log('| | logins/s | share of the cores\' bcryptjs rate, % | CPU ms per login: server | MariaDB | load generator |')
    console.log('| --- | --- | --- | --- | --- | --- |')
    for (const [index, { label }] of contenders.entries()) {
      const figure = figures[index]!
      console.log(`| ${label} | ${spread(figure.rate, 1)} | ${spread(figure.share, 0, 100)} | ${spread(figure.server, 1)} | ${spread(figure.database, 2)} | ${spread(figure.generator, 2)} |`)
    }
    const ratio = (a: number, b: number) => spread(figures[a]!.rate.map((rate, round) => rate / figures[b]!.rate[round]!), 2)
    console.log(`\ncommunity-web / bare with the same statements: ${ratio(0, 1)}; bare with the same statements / bare look-up only: ${ratio(1, 2)}`)
  }
  finally {
    for (const { server } of contenders) await server.stop()
  }
})
