import { performance } from 'node:perf_hooks'
import bcrypt from 'bcryptjs'
import { createBcryptPool } from '../server/auth/bcrypt-pool'

export interface StallResult {
  comparesPerSecond: number
  /** How late a 1 ms timer fired while the comparisons ran: what every other request waits. */
  loopDelayMs: { p50: number, p99: number, max: number }
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0
}

/** Median time of one synchronous bcryptjs comparison at `cost` on this machine, in ms. */
export function timeOneCompare(cost: number): number {
  const hash = bcrypt.hashSync('correct horse battery staple', cost)
  const times: number[] = []
  for (let round = 0; round < 12; round++) {
    const started = performance.now()
    bcrypt.compareSync('correct horse battery staple', hash)
    if (round >= 2) times.push(performance.now() - started)
  }
  return percentile(times.sort((a, b) => a - b), 0.5)
}

/**
 * Runs `work` between two timings of one comparison at `cost` (`timeOneCompare`), and answers
 * its result with their mean: the limit a scenario of logins is held to, timed around it, as the
 * VM's speed drifts within a run.
 */
export async function withCompareTimedAround<T>(cost: number, work: () => Promise<T>): Promise<{ result: T, compareMs: number }> {
  const before = timeOneCompare(cost)
  const result = await work()
  return { result, compareMs: (before + timeOneCompare(cost)) / 2 }
}

/**
 * Keeps `concurrency` bcryptjs comparisons at `cost` running for `seconds` while a 1 ms timer
 * measures how late the event loop serves it: on the main thread (bcryptjs' async API, which
 * still computes there) or on the worker pool the server uses.
 */
export async function measureStall(where: 'main-thread' | 'pool', options: { cost: number, concurrency: number, seconds: number }): Promise<StallResult> {
  const hash = bcrypt.hashSync('correct horse battery staple', options.cost)
  const pool = where === 'pool' ? createBcryptPool() : undefined
  const compare = pool ? pool.compare : bcrypt.compare
  await Promise.all(Array.from({ length: options.concurrency }, () => compare('correct horse battery staple', hash)))

  const delays: number[] = []
  let running = true
  const probe = (async () => {
    while (running) {
      const started = performance.now()
      await new Promise(resolve => setTimeout(resolve, 1))
      delays.push(Math.max(0, performance.now() - started - 1))
    }
  })()
  let compares = 0
  const deadline = performance.now() + options.seconds * 1000
  const started = performance.now()
  await Promise.all(Array.from({ length: options.concurrency }, async () => {
    while (performance.now() < deadline) {
      await compare('correct horse battery staple', hash)
      compares++
    }
  }))
  const elapsed = (performance.now() - started) / 1000
  running = false
  await probe
  await pool?.destroy()

  delays.sort((a, b) => a - b)
  return {
    comparesPerSecond: compares / elapsed,
    loopDelayMs: { p50: percentile(delays, 0.5), p99: percentile(delays, 0.99), max: delays.at(-1) ?? 0 },
  }
}
