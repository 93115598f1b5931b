import type { LoadResult } from './load'
import type { StallResult } from './stall'

export interface TargetResult {
  register: LoadResult
  login: LoadResult
  session: LoadResult
  mixed: { session: LoadResult, login: LoadResult }
  peakRssMb: number
}

export interface BenchReport {
  date: string
  machine: { cpu: string, cores: number, memoryGb: number, node: string, database: string, loadAverageBefore: number[], loadAverageAfter: number[] }
  secondsPerScenario: number
  bcrypt: { cost: number, compareMs: number, twoCoreLimitPerSecond: number }
  stall: { mainThread: StallResult, pool: StallResult }
  results: Partial<Record<'app' | 'express' | 'betterAuth', TargetResult>>
}

/** The peers' numbers in issue 6, measured there side by side on a machine of this kind. */
const ISSUE = {
  express: { login: 11.2, session: 1382 },
  betterAuth: { login: 20.1, session: 813, mixedP99: 172, peakRssMb: 338 },
}

const COLUMNS = [
  ['app', 'community-web'],
  ['express', 'Express + mysql2 + jsonwebtoken, bcryptjs 10'],
  ['betterAuth', 'Better Auth 1.7, scrypt'],
] as const

const perSecond = (value: number) => value.toFixed(value < 100 ? 1 : 0)
const ms = (value: number) => `${Math.round(value)} ms`

/** The rows of the results table: one per measurement, one column per server. */
const ROWS: [string, (result: TargetResult) => string][] = [
  ['register req/s (4 connections)', result => perSecond(result.register.requestsPerSecond)],
  ['login req/s (4 connections)', result => perSecond(result.login.requestsPerSecond)],
  ['session check req/s (32 connections)', result => perSecond(result.session.requestsPerSecond)],
  ['session check p99 (32 connections)', result => ms(result.session.latencyMs.p99)],
  ['session check req/s while logins run', result => perSecond(result.mixed.session.requestsPerSecond)],
  ['session check p99 while logins run', result => `${ms(result.mixed.session.latencyMs.p99)} (max ${ms(result.mixed.session.latencyMs.max)})`],
  ['login req/s while session checks run', result => perSecond(result.mixed.login.requestsPerSecond)],
  ['peak RSS', result => `${Math.round(result.peakRssMb)} MB`],
  ['failed requests (non-2xx, errors)', result => String(result.register.failures + result.login.failures + result.session.failures + result.mixed.session.failures + result.mixed.login.failures)],
]

function table(header: string[], rows: string[][]): string {
  return [header, header.map(() => '---'), ...rows].map(cells => `| ${cells.join(' | ')} |`).join('\n')
}

/** Prints the results, the event-loop stall and the targets of issue 6 as markdown tables. */
export function printReport(report: BenchReport): void {
  const { machine, bcrypt, stall, results } = report
  console.log(`\n## Results (${report.date})\n`)
  console.log(`${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, ${machine.database} on the same host; `
    + `${report.secondsPerScenario} s per scenario; load average before ${machine.loadAverageBefore.map(value => value.toFixed(2)).join(' ')}, after ${machine.loadAverageAfter.map(value => value.toFixed(2)).join(' ')}\n`)

  const columns = COLUMNS.filter(([key]) => results[key])
  console.log(table(['', ...columns.map(([, label]) => label)], ROWS.map(([name, cell]) => [name, ...columns.map(([key]) => cell(results[key]!))])))

  console.log(`\n### Hashing on the main thread versus the pool (bcryptjs cost ${bcrypt.cost}, 4 comparisons at a time)\n`)
  console.log(`One comparison: ${bcrypt.compareMs.toFixed(1)} ms of one core, so ${machine.cores} cores do at most ${bcrypt.twoCoreLimitPerSecond.toFixed(1)}/s.\n`)
  console.log(table(['where', 'comparisons/s', 'event-loop delay p50', 'p99', 'max'], [
    ['main thread (bcryptjs async API)', stall.mainThread],
    [`worker pool (${machine.cores} threads)`, stall.pool],
  ].map(([name, result]) => {
    const { comparesPerSecond, loopDelayMs } = result as StallResult
    return [name as string, comparesPerSecond.toFixed(1), ms(loopDelayMs.p50), ms(loopDelayMs.p99), ms(loopDelayMs.max)]
  })))

  const app = results.app
  if (!app) return
  const rows: string[][] = []
  const verdict = (met: boolean) => (met ? 'met' : 'missed')
  const loginShare = app.login.requestsPerSecond / bcrypt.twoCoreLimitPerSecond
  rows.push(['login throughput', `${perSecond(app.login.requestsPerSecond)}/s = ${(loginShare * 100).toFixed(0)}% of ${bcrypt.twoCoreLimitPerSecond.toFixed(1)}/s`, '≥ 90% of the cores\' bcryptjs comparisons', verdict(loginShare >= 0.9)])
  if (results.express) {
    const ratio = app.session.requestsPerSecond / results.express.session.requestsPerSecond
    rows.push(['session check vs Express', `${ratio.toFixed(2)}×`, '≥ 2×', verdict(ratio >= 2)])
  }
  const betterAuthSession = results.betterAuth?.session.requestsPerSecond
    ?? (results.express ? ISSUE.betterAuth.session * results.express.session.requestsPerSecond / ISSUE.express.session : undefined)
  if (betterAuthSession) {
    const ratio = app.session.requestsPerSecond / betterAuthSession
    const note = results.betterAuth ? '' : ' (Better Auth estimated: the issue\'s 813 req/s scaled by the Express ratio measured here)'
    rows.push(['session check vs Better Auth', `${ratio.toFixed(2)}×${note}`, '≥ 4×', verdict(ratio >= 4)])
  }
  rows.push(['session check p99 while logins run', ms(app.mixed.session.latencyMs.p99), '< 50 ms', verdict(app.mixed.session.latencyMs.p99 < 50)])
  rows.push(['peak RSS', `${Math.round(app.peakRssMb)} MB`, '< 150 MB', verdict(app.peakRssMb < 150)])
  console.log('\n### Targets of issue 6\n')
  console.log(table(['target', 'measured', 'goal', ''], rows))
}
