import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { PASSWORD, SEEDED_USERS } from './targets'

/** A server under test, running as its own process. */
export interface RunningServer {
  url: string
  pid: number
  /** Everything the process printed so far (shown when it fails). */
  output: () => string
  /** The peak resident set size of the process so far, in MB (Linux: VmHWM). */
  peakRssMb: () => number
  stop: () => Promise<void>
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    }).on('error', reject)
  })
}

/** The peak RSS of process `pid` in MB, from /proc (the kernel's high-water mark, not a sample). */
function peakRssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kilobytes = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1])
  return kilobytes / 1024
}

/** CPU time (user + system) the process `pid`, or its thread `tid`, has used so far, in ms (Linux). */
export function cpuMsOf(pid: number, tid?: number): number {
  const fields = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 // utime, stime in clock ticks (USER_HZ = 100)
}

/**
 * Starts `node <nodeArgs> <script>` on a free loopback port with `env` (plus PATH, HOST and PORT
 * only), and resolves once `GET /api/health` answers 200.
 */
export async function startServer(script: string, nodeArgs: string[], env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort()
  let output = ''
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, script], {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', chunk => (output += chunk))
  child.stderr!.on('data', chunk => (output += chunk))
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  let peak = 0
  const server: RunningServer = {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output: () => output,
    peakRssMb: () => (child.exitCode === null && child.signalCode === null ? (peak = peakRssOf(child.pid!)) : peak),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        server.peakRssMb()
        child.kill()
      }
      await exited
    },
  }

  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with code ${child.exitCode}:\n${output}`)
    try {
      if ((await fetch(`${server.url}/api/health`)).status === 200) return server
    }
    catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop()
      throw new Error(`${script} did not become healthy within 60 s:\n${output}`)
    }
    await new Promise(resolve => setTimeout(resolve, 200))
  }
}

/** The `Cookie` header a browser would send after `response`: each `Set-Cookie`'s name=value. */
export function cookieHeaderOf(response: Response): string {
  return response.headers.getSetCookie().map(cookie => cookie.split(';')[0]!).join('; ')
}

/** POSTs `body` as JSON to `path` of `server`. */
export function postJson(server: { url: string }, path: string, body: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
}

/** What a login to this app's server hands a client: the Bearer token, and the `Cookie` header a browser would then send. */
export interface SignedIn {
  token: string
  cookie: string
}

/**
 * Registers the bench's accounts (`SEEDED_USERS` of them, `<prefix>0`, `<prefix>1`…, with the
 * bench's password) on this app's `server`, one after the other, and answers their usernames.
 */
export async function registerAccounts(server: { url: string }, prefix: string): Promise<string[]> {
  const usernames = Array.from({ length: SEEDED_USERS }, (_, index) => `${prefix}${index}`)
  for (const username of usernames) {
    const response = await postJson(server, '/api/auth/register', { username, password: PASSWORD })
    if (!response.ok) throw new Error(`registering ${username} answered ${response.status}`)
  }
  return usernames
}

/** Logs `username` in on this app's `server`. */
export async function signIn(server: { url: string }, username: string, password: string): Promise<SignedIn> {
  const login = await postJson(server, '/api/auth/login', { username, password })
  const { data } = await login.json() as { data: { token: string } }
  return { token: data.token, cookie: cookieHeaderOf(login) }
}
