import { url } from '@nuxt/test-utils/e2e'
import { beforeAll, describe, expect, it } from 'vitest'
import { db, login, registerUser, startApp } from './support'

/** Opens `path` as a browser would, following nothing. */
function page(path: string, headers: Record<string, string> = {}) {
  return fetch(url(path), { headers: { accept: 'text/html', ...headers }, redirect: 'manual' })
}

describe('attack: a shared cache keeps a signed-in page', async () => {
  await startApp()
  let admin: Awaited<ReturnType<typeof registerUser>>
  let cookies = ''
  beforeAll(async () => {
    const account = await registerUser()
    await (await db()).query('UPDATE users SET user_role = 0 WHERE id = ?', [account.user.id])
    const { body } = await login(account.username, account.password)
    admin = { ...account, ...body.data }
    cookies = `cw_access=${body.data.token}; cw_refresh=${body.data.refreshToken}`
  })

  it.each(['/', '/profile', '/admin/users'])('answers %s rendered for a signed-in user with Cache-Control: no-store', async (path) => {
    const response = await page(path, { cookie: cookies })
    expect(response.status).toBe(200)
    expect(await response.text()).toContain(admin.user.username)
    expect(response.headers.get('cache-control') ?? '').toContain('no-store')
  })

  it('also when the page is asked for without Accept: text/html, or with only the refresh cookie', async () => {
    const plain = await fetch(url('/profile'), { headers: { cookie: cookies } })
    expect(await plain.text()).toContain(admin.user.username)
    expect(plain.headers.get('cache-control') ?? '').toContain('no-store')
    const renewed = await page('/profile', { cookie: cookies.split('; ')[1]! })
    expect(renewed.status).toBe(200)
    expect(renewed.headers.get('cache-control') ?? '').toContain('no-store')
  })

  it('also with a Bearer token instead of cookies', async () => {
    const response = await page('/', { authorization: `Bearer ${admin.token}` })
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control') ?? '').toContain('no-store')
  })

  it('still renders the login page for a visitor', async () => {
    const response = await page('/login')
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<form')
  })
})
