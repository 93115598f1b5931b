import { url } from '@nuxt/test-utils/e2e'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { db, GOOD_PASSWORD, registerUser, startApp, uniqueName, userRow } from '../e2e/support'
import { openBrowser } from './support'

describe('a super admin in the browser', async () => {
  await startApp()

  const { page: adminPage, openPage, step } = await openBrowser('admin')
  /** The page of the person the admin disables, in a browser context of its own. */
  const userPage = await openPage()
  const admin = { username: uniqueName('admin'), id: 0 }
  const user = { username: uniqueName('member'), id: 0 }

  beforeAll(async () => {
    admin.id = (await registerUser({ username: admin.username })).user.id
    user.id = (await registerUser({ username: user.username })).user.id
    // The admin is the only active super admin of the database, so that demoting them is refused.
    await (await db()).query('UPDATE users SET user_role = 1 WHERE user_role = 0')
    await (await db()).query('UPDATE users SET user_role = 0 WHERE id = ?', [admin.id])
  })

  async function logIn(page: Page, username: string, then: string) {
    await page.goto(url(`/login?redirect=${encodeURIComponent(then)}`))
    await page.waitForSelector('button[type=submit]:not([disabled])')
    await page.fill('input[name=username]', username)
    await page.fill('input[name=password]', GOOD_PASSWORD)
    await page.click('button[type=submit]')
    await page.waitForURL(url(then))
  }

  function rowOf(username: string) {
    return adminPage.locator('[data-test=user-table] tbody tr', { hasText: username })
  }

  /** Searches for `keyword` and waits until the table shows `username` alone. */
  async function search(keyword: string, username = keyword) {
    await adminPage.fill('input[data-test=filter-keyword]', keyword)
    await adminPage.press('input[data-test=filter-keyword]', 'Enter')
    await expect.poll(() => adminPage.locator('[data-test=row-username]').allTextContents()).toEqual([username])
  }

  /** Answers the confirmation dialog, which must name the account, with 确定. */
  async function confirm(username: string) {
    const dialog = adminPage.locator('.el-message-box')
    await dialog.waitFor()
    expect(await dialog.textContent()).toContain(username)
    await dialog.locator('.el-message-box__btns .el-button--primary').click()
  }

  it('shows a member no admin link, and a 403 page at /admin/users', () => step('forbidden', async () => {
    await logIn(userPage, user.username, '/')
    expect(await userPage.locator('[data-test=nav-admin]').count()).toBe(0)
    const response = await userPage.goto(url('/admin/users'))
    expect(response!.status()).toBe(403)
    await expect.poll(() => userPage.textContent('[data-test=error-page]')).toContain('403')
    expect(await userPage.locator('[data-test=user-table]').count()).toBe(0)
    await userPage.goto(url('/profile'))
    await expect.poll(() => userPage.textContent('[data-test=detail-username]')).toBe(user.username)
  }))

  it('leads the admin from the header to the user list', () => step('open-list', async () => {
    await logIn(adminPage, admin.username, '/')
    await adminPage.click('[data-test=nav-admin]')
    await adminPage.waitForURL(url('/admin/users'))
    await adminPage.waitForSelector('[data-test=user-table] tbody tr')
    expect(await adminPage.textContent('[data-test=user-pagination]')).toMatch(/共\s*\d+\s*条|Total/)
  }))

  it('finds the member by searching, online, with their last login', () => step('search', async () => {
    await search(user.username.toUpperCase(), user.username)
    const row = rowOf(user.username)
    expect(await row.locator('[data-test=row-online]').textContent()).toBe('在线')
    expect(await row.locator('[data-test=row-status]').textContent()).toContain('正常')
    expect(await row.textContent()).toContain('127.0.0.1')
  }))

  it('disables the member after a confirmation, and the row says so at once', () => step('disable', async () => {
    await rowOf(user.username).locator('[data-test=toggle-status]').click()
    await confirm(user.username)
    await expect.poll(() => rowOf(user.username).locator('[data-test=row-status]').textContent()).toContain('已禁用')
    expect(await rowOf(user.username).locator('[data-test=row-online]').textContent()).toBe('离线')
    await adminPage.locator('.el-message--success').waitFor()
    expect(await userRow(user.id)).toMatchObject({ status: 'disabled', online_status: 0 })
  }))

  it('lists only disabled accounts with the status filter', () => step('status-filter', async () => {
    await adminPage.reload()
    await adminPage.click('[data-test=filter-status]')
    await adminPage.locator('.el-select-dropdown__item:visible', { hasText: '已禁用' }).click()
    await expect.poll(() => rowOf(user.username).count()).toBe(1)
    for (const status of await adminPage.locator('[data-test=row-status]').allTextContents()) expect(status).toContain('已禁用')
    expect(await rowOf(admin.username).count()).toBe(0)
    await adminPage.reload()
    await adminPage.waitForSelector('[data-test=row-username]')
  }))

  it('sends the member\'s open page to login on its next request', () => step('kicked-out', async () => {
    expect(userPage.url()).toBe(url('/profile'))
    await userPage.reload()
    await userPage.waitForURL(target => target.pathname === '/login' && target.searchParams.get('redirect') === '/profile')
    await userPage.waitForSelector('button[type=submit]:not([disabled])')
    await userPage.fill('input[name=username]', user.username)
    await userPage.fill('input[name=password]', GOOD_PASSWORD)
    await userPage.click('button[type=submit]')
    await expect.poll(() => userPage.textContent('[data-test=form-error]')).toContain('账号已被禁用')
  }))

  it('shows the server\'s refusal when the only super admin steps down', () => step('last-admin', async () => {
    await search(admin.username)
    expect(await rowOf(admin.username).locator('[data-test=toggle-status]').isDisabled()).toBe(true)
    await rowOf(admin.username).locator('[data-test=toggle-role]').click()
    await confirm(admin.username)
    await expect.poll(() => adminPage.textContent('.el-message--error')).toContain('至少需要保留一名有效的超级管理员')
    expect(await rowOf(admin.username).locator('[data-test=row-role]').textContent()).toContain('超级管理员')
    expect((await userRow(admin.id)).user_role).toBe(0)
  }))

  it('enables the member again, who can then log in', () => step('enable', async () => {
    await search(user.username)
    await rowOf(user.username).locator('[data-test=toggle-status]').click()
    await confirm(user.username)
    await expect.poll(() => rowOf(user.username).locator('[data-test=row-status]').textContent()).toContain('正常')
    await userPage.click('button[type=submit]')
    await userPage.waitForURL(url('/profile'))
  }))
})
