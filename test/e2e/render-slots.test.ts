import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type ServerProcess } from './server-process'

/*
 * Page renders take turns (server/middleware/render-slots.ts): two at a time, the rest in line.
 * Every page asked for must still be answered, and a visitor who leaves while waiting in line
 * must not keep a turn that nobody will ever give back.
 */

let server: ServerProcess

/** Pages rendered for every request: a query keeps a visitor's page from being answered from what was kept (server/rendering/visitor-pages.ts). */
const LOGIN = '/login?from=render-slots'
const REGISTER = '/register?from=render-slots'

beforeAll(async () => {
  server = await startServer()
})

afterAll(async () => {
  await server?.stop()
})

const page = (path: string, signal?: AbortSignal) => fetch(`${server.url}${path}`, { headers: { accept: 'text/html' }, signal })

/** Asks for `path` and drops the connection as soon as the request is sent. */
function askAndLeave(path: string): Promise<void> {
  return new Promise((resolve) => {
    const asked = request(`${server.url}${path}`, { headers: { accept: 'text/html' } })
    asked.on('error', () => resolve())
    asked.end(() => setTimeout(() => {
      asked.destroy()
      resolve()
    }, 5))
  })
}

describe('page renders in turn', () => {
  it('answers every one of many pages asked for at once', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, (_, index) => page(index % 2 ? LOGIN : REGISTER)))
    expect(answers.map(answer => answer.status)).toEqual(Array(12).fill(200))
    expect(await answers[0]!.text()).toContain('<html')
  })

  it('keeps rendering after visitors left while waiting in line', async () => {
    for (let round = 0; round < 3; round++) await Promise.all(Array.from({ length: 16 }, () => askAndLeave(LOGIN)))
    const answers = await Promise.all(Array.from({ length: 4 }, () => page(LOGIN, AbortSignal.timeout(10_000))))
    expect(answers.map(answer => answer.status)).toEqual([200, 200, 200, 200])
  })

  it('never holds API requests in line', async () => {
    const slowPages = Array.from({ length: 8 }, () => page(LOGIN))
    const health = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(10_000) })
    expect(health.status).toBe(200)
    await Promise.all(slowPages)
  })
})
