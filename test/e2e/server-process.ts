import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { inject } from 'vitest'
import { JWT_SECRET } from './support'

const entry = fileURLToPath(new URL('../../.output/server/index.mjs', import.meta.url))

export interface ServerProcess {
  url: string
  child: ChildProcess
  /** Everything the process printed so far. */
  output: () => string
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>
  stop: () => Promise<void>
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    }).on('error', reject)
  })
}

/** Starts the built server as its own process with exactly the given environment additions (`PORT` too, else a free one). */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = Number(env.PORT) || await freePort()
  let output = ''
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', chunk => (output += chunk))
  child.stderr!.on('data', chunk => (output += chunk))
  const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)))
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null) child.kill()
      await exited
    },
  }
}

/** Waits until `probe` stops throwing, up to `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await probe()
    }
    catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise(resolve => setTimeout(resolve, 200))
    }
  }
}

/**
 * Starts the built server with the run's database and secret, the per-address limit off unless
 * `env` says otherwise, and waits until it answers.
 */
export async function startServer(env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await spawnServer({
    NUXT_JWT_SECRET: JWT_SECRET,
    NUXT_DATABASE_URL: inject('databaseUrl'),
    NUXT_AUTH_RATE_LIMIT: '0',
    ...env,
  })
  await eventually(async () => {
    if ((await fetch(`${server.url}/api/health`)).status !== 200) throw new Error(`not ready: ${server.output()}`)
  })
  return server
}
