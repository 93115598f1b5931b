// A small pool of worker threads that run bcryptjs, so that a hash or a comparison (~85 ms of
// CPU at cost 10) never blocks the event loop. Plain Node on purpose (no Nitro auto-imports):
// the built server, `nuxt dev`, tests and scripts run by tsx all use this file as it is.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import bcrypt from 'bcryptjs'

/**
 * The worker's code, run with `eval` so that no separate file has to survive bundling. It
 * imports bcryptjs from the URL it gets in `workerData` (see `bcryptjsUrl`), and lowers its own
 * CPU priority: when logins keep every core busy, the event loop (and the database) still come
 * first, so cheap requests stay fast; idle cores go to hashing all the same.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
try {
  // Linux: this thread's id, to lower its priority alone (setpriority on a thread id).
  const thread = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop())
  require('node:os').setPriority(thread, workerData.nice)
}
catch {
  // elsewhere hashing keeps the process's priority
}
const loaded = import(workerData.bcryptjs).then(module => module.default)
parentPort.on('message', async (job) => {
  try {
    const bcrypt = await loaded
    const result = job.op === 'hash' ? bcrypt.hashSync(job.password, job.cost) : bcrypt.compareSync(job.password, job.hash)
    parentPort.postMessage({ result })
  }
  catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) })
  }
})
`

/** Niceness of the hashing threads (Linux): the event loop, at 0, wins every contended core. */
const WORKER_NICE = 19

/** bcryptjs needs next to no heap: small limits keep each worker's share of the RSS near 8 MB. */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 }

/**
 * A worker with nothing to do for this long ends, giving back its ~9 MB of memory; the next
 * hash starts one again (about 30 ms, once). Logins come in bursts: a site at rest holds none.
 */
const WORKER_IDLE_MS = 10_000

/** Jobs waiting for a worker, per worker, when no limit is given. */
const QUEUE_PER_WORKER = 16

type Job = { op: 'hash', password: string, cost: number } | { op: 'compare', password: string, hash: string }

interface PendingJob {
  job: Job
  resolve: (result: string | boolean) => void
  reject: (error: Error) => void
}

interface PoolWorker {
  worker: Worker
  current: PendingJob | undefined
  /** Set while the worker waits for work: ends it after `idleMs`. */
  idleTimer?: NodeJS.Timeout
}

/** Thrown when every worker is busy and the queue is full: the caller should answer 503 at once. */
export class PasswordPoolFullError extends Error {
  constructor() {
    super('password hashing queue is full')
    this.name = 'PasswordPoolFullError'
  }
}

export interface BcryptPoolOptions {
  /** Worker threads; default: the machine's cores (`os.availableParallelism()`). */
  size?: number
  /** Jobs that may wait for a free worker; default: 16 per worker. */
  queueLimit?: number
  /** Milliseconds after which a worker with nothing to do ends; default: 10 s. */
  idleMs?: number
}

export interface BcryptPool {
  /** Hashes `password` at `cost` on a worker. Rejects with `PasswordPoolFullError` when the queue is full. */
  hash: (password: string, cost: number) => Promise<string>
  /** Compares `password` with a bcrypt `hash` on a worker. Rejects with `PasswordPoolFullError` when the queue is full. */
  compare: (password: string, hash: string) => Promise<boolean>
  /** `workers`: the pool's threads (0 when bcryptjs runs on the main thread instead); `queued`: jobs waiting. */
  stats: () => { workers: number, busy: number, queued: number, size: number, queueLimit: number }
  /** Ends every worker; jobs still waiting are rejected. */
  destroy: () => Promise<void>
}

/**
 * A bounded pool of bcryptjs worker threads, started lazily (the first job starts a worker,
 * up to `size`). Idle workers do not keep the process alive. When no worker can be started
 * (bcryptjs not resolvable from here), jobs run on the main thread with bcryptjs' own async
 * API instead, after one warning: slower under load, never wrong.
 */
export function createBcryptPool(options: BcryptPoolOptions = {}): BcryptPool {
  const size = Math.max(1, options.size ?? availableParallelism())
  const queueLimit = Math.max(0, options.queueLimit ?? size * QUEUE_PER_WORKER)
  const idleMs = options.idleMs ?? WORKER_IDLE_MS
  const workers: PoolWorker[] = []
  const queue: PendingJob[] = []
  let bcryptjsPath: string | null | undefined

  function resolveBcryptjs(): string | null {
    if (bcryptjsPath !== undefined) return bcryptjsPath
    try {
      bcryptjsPath = bcryptjsUrl()
    }
    catch (error) {
      console.warn(`[password] no worker pool (${(error as Error).message}): bcrypt runs on the main thread`)
      bcryptjsPath = null
    }
    return bcryptjsPath
  }

  function startWorker(): PoolWorker | undefined {
    const path = resolveBcryptjs()
    if (!path) return undefined
    let worker: Worker
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bcryptjs: path, nice: WORKER_NICE }, resourceLimits: WORKER_LIMITS })
    }
    catch (error) {
      console.warn(`[password] no worker thread (${(error as Error).message}): bcrypt runs on the main thread`)
      bcryptjsPath = null
      return undefined
    }
    const entry: PoolWorker = { worker, current: undefined }
    entry.worker.unref()
    entry.worker.on('message', (message: { result?: string | boolean, error?: string }) => {
      const pending = entry.current
      entry.current = undefined
      entry.worker.unref()
      if (pending) {
        if (message.error !== undefined) pending.reject(new Error(message.error))
        else pending.resolve(message.result!)
      }
      next(entry)
    })
    const fail = (error: Error) => {
      const index = workers.indexOf(entry)
      if (index < 0) return
      workers.splice(index, 1)
      entry.current?.reject(error)
      entry.current = undefined
      if (queue.length) dispatch()
    }
    entry.worker.on('error', fail)
    entry.worker.on('exit', code => fail(new Error(`password worker exited with code ${code}`)))
    workers.push(entry)
    return entry
  }

  function run(entry: PoolWorker, pending: PendingJob): void {
    clearTimeout(entry.idleTimer)
    entry.current = pending
    entry.worker.ref()
    entry.worker.postMessage(pending.job)
  }

  function next(entry: PoolWorker): void {
    const pending = queue.shift()
    if (pending) run(entry, pending)
    else retireWhenIdle(entry)
  }

  function retireWhenIdle(entry: PoolWorker): void {
    entry.idleTimer = setTimeout(() => {
      const index = workers.indexOf(entry)
      if (index < 0 || entry.current) return
      workers.splice(index, 1)
      void entry.worker.terminate()
    }, idleMs)
    entry.idleTimer.unref()
  }

  function dispatch(): void {
    while (queue.length) {
      if (bcryptjsPath === null) {
        const pending = queue.shift()!
        runInThread(pending.job).then(pending.resolve, pending.reject)
        continue
      }
      const idle = workers.find(entry => !entry.current) ?? (workers.length < size ? startWorker() : undefined)
      if (!idle) return
      run(idle, queue.shift()!)
    }
  }

  function submit<T extends string | boolean>(job: Job): Promise<T> {
    if (resolveBcryptjs() === null) return runInThread(job) as Promise<T>
    const busy = workers.length === size && workers.every(entry => entry.current)
    if (busy && queue.length >= queueLimit) return Promise.reject(new PasswordPoolFullError())
    return new Promise<T>((resolve, reject) => {
      queue.push({ job, resolve: resolve as PendingJob['resolve'], reject })
      dispatch()
    })
  }

  return {
    hash: (password, cost) => submit<string>({ op: 'hash', password, cost }),
    compare: (password, hash) => submit<boolean>({ op: 'compare', password, hash }),
    stats: () => ({
      workers: workers.length,
      busy: workers.filter(entry => entry.current).length,
      queued: queue.length,
      size,
      queueLimit,
    }),
    destroy: async () => {
      const ended = new Error('password pool destroyed')
      for (const pending of queue.splice(0)) pending.reject(ended)
      await Promise.all(workers.splice(0).map((entry) => {
        clearTimeout(entry.idleTimer)
        entry.current?.reject(ended)
        return entry.worker.terminate()
      }))
    },
  }
}

/**
 * The URL of bcryptjs' ES module entry, found as Node would from this file: `node_modules/` of
 * the project under tsx, vitest and `nuxt dev`, `.output/server/node_modules/` in the built
 * server. (Nitro copies only the files the bundle imports, so the CommonJS build that
 * `require.resolve` would name is not there; Nitro also rewrites `import.meta`, leaving
 * `import.meta.url`, the entry's URL, but no `import.meta.resolve`.)
 */
function bcryptjsUrl(): string {
  for (const directory of createRequire(import.meta.url).resolve.paths('bcryptjs') ?? []) {
    const root = join(directory, 'bcryptjs')
    if (!existsSync(join(root, 'package.json'))) continue
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
    const entry: unknown = manifest.exports?.['.']?.import?.default ?? manifest.module ?? manifest.main
    if (typeof entry !== 'string' || !existsSync(join(root, entry))) break
    return pathToFileURL(join(root, entry)).href
  }
  throw new Error('bcryptjs is not installed where this file can see it')
}

function runInThread(job: Job): Promise<string | boolean> {
  return job.op === 'hash' ? bcrypt.hash(job.password, job.cost) : bcrypt.compare(job.password, job.hash)
}
