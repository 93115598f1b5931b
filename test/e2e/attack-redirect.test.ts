import { url } from '@nuxt/test-utils/e2e'
import { beforeAll, describe, expect, it } from 'vitest'
import { registerUser, startApp } from './support'

/** `redirect` values a browser could read as another host, or that are no plain path. */
const BAD_REDIRECTS = [
  '/ /evil.com',
  '/\u00A0/evil.com',
  '/\uFEFF/evil.com',
  '/\t/evil.com',
  '/\u2028/evil.com',
  '/\u200B/evil.com',
  '/a\\/evil.com',
  '/\\evil.com',
  '//evil.com',
  'https://evil.com',
  'https:evil.com',
]

const loginPage = (redirect: string) => `/login?redirect=${encodeURIComponent(redirect)}`

describe('attack: a redirect value on the login page', async () => {
  await startApp()
  let cookie = ''
  beforeAll(async () => {
    cookie = `cw_access=${(await registerUser()).token}`
  })

  it.each(BAD_REDIRECTS)('shows the login page to a visitor for redirect=%j', async (redirect) => {
    const response = await fetch(url(loginPage(redirect)), { headers: { accept: 'text/html' } })
    expect(response.status).toBe(200)
  })

  it.each(BAD_REDIRECTS)('sends a signed-in person home, never an error, for redirect=%j', async (redirect) => {
    const response = await fetch(url(loginPage(redirect)), { headers: { accept: 'text/html', cookie }, redirect: 'manual' })
    expect(response.status).toBe(302)
    expect(new URL(response.headers.get('location')!, url('/')).href).toBe(url('/'))
  })

  it('still follows a plain same-site path', async () => {
    const response = await fetch(url(loginPage('/profile?tab=sessions')), { headers: { accept: 'text/html', cookie }, redirect: 'manual' })
    expect(response.status).toBe(302)
    expect(new URL(response.headers.get('location')!, url('/')).href).toBe(url('/profile?tab=sessions'))
  })
})
