import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type ServerProcess } from './server-process'

/*
 * Server renders share one copy of each language's texts, fetched once
 * (server/plugins/i18n-messages.ts). Renders of both languages at once must each show their own.
 */

let server: ServerProcess

beforeAll(async () => {
  server = await startServer()
})

afterAll(async () => {
  await server?.stop()
})

const TITLES = { 'zh-CN': '<title>登录 · 社区</title>', 'en': '<title>Log in · Community</title>' }

async function loginPage(language: keyof typeof TITLES): Promise<string> {
  const answer = await fetch(`${server.url}/login`, { headers: { accept: 'text/html', cookie: `cw_lang=${language}` } })
  expect(answer.status).toBe(200)
  return answer.text()
}

describe('page texts', () => {
  it('renders each page in its own language while both languages render at once', async () => {
    const languages = Array.from({ length: 16 }, (_, index) => (index % 2 ? 'en' : 'zh-CN') as keyof typeof TITLES)
    const pages = await Promise.all(languages.map(loginPage))
    pages.forEach((html, index) => {
      const language = languages[index]!
      expect(html).toContain(`lang="${language}"`)
      expect(html).toContain(TITLES[language])
    })
  })
})
