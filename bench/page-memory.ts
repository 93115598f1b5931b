// `npx tsx bench/page-memory.ts [-- node options…]`: peak RSS of the built server through 8 s of
// session checks, then 8 s each of the server-rendered /login and /profile (8 connections), with
// the node options of `npm start` or those given after `--`. What the page renders add to the
// peak, and what a node option changes in it.
import { readFileSync } from 'node:fs'
import { withBenchDatabase } from './database'
import { load } from './load'
import { postJson, signIn, startServer } from './servers'
import { APP_ENTRY, appEnv, PASSWORD, startOptions } from './targets'

const separator = process.argv.indexOf('--')
const nodeOptions = separator < 0 ? startOptions() : process.argv.slice(separator + 1)
const memory = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return ['VmRSS', 'VmHWM'].map(name => `${name} ${(Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) / 1024).toFixed(0)} MB`).join(', ')
}

await withBenchDatabase('cw_mem', async (databaseUrl) => {
  const server = await startServer(APP_ENTRY, nodeOptions, appEnv(databaseUrl))
  try {
    console.log(`node ${nodeOptions.join(' ')}`)
    console.log(`started:                ${memory(server.pid)}`)
    await postJson(server, '/api/auth/register', { username: 'memory', password: PASSWORD })
    const { token, cookie } = await signIn(server, 'memory', PASSWORD)
    console.log(`after a login:          ${memory(server.pid)}`)
    await load(server.url, { connections: 32, seconds: 8, next: () => ({ method: 'GET', path: '/api/auth/me', headers: { authorization: `Bearer ${token}` } }) })
    console.log(`after session checks:   ${memory(server.pid)}`)
    const page = await load(server.url, { connections: 8, seconds: 8, next: () => ({ method: 'GET', path: '/login', headers: { accept: 'text/html' } }) })
    console.log(`after /login:           ${memory(server.pid)} (${page.requestsPerSecond.toFixed(0)} req/s)`)
    const profile = await load(server.url, { connections: 8, seconds: 8, next: () => ({ method: 'GET', path: '/profile', headers: { accept: 'text/html', cookie } }) })
    console.log(`after /profile:         ${memory(server.pid)} (${profile.requestsPerSecond.toFixed(0)} req/s)`)
  }
  finally {
    await server.stop()
  }
})
