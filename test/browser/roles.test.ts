import { url } from '@nuxt/test-utils/e2e'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { api, db, GOOD_PASSWORD, registerUser, startApp, uniqueName } from '../e2e/support'
import { openBrowser } from './support'

describe('roles in the browser: each person sees what their roles grant', async () => {
  await startApp()

  const { page: superPage, openPage, step } = await openBrowser('roles')
  const adminPage = await openPage()
  const viewerPage = await openPage()
  const root = { username: uniqueName('root'), token: '', id: 0 }
  const admin = { username: uniqueName('admin'), id: 0 }
  const viewer = { username: uniqueName('viewer'), id: 0 }
  const viewerRole = `R_VIEW${Date.now().toString(36).toUpperCase()}`
  const newRole = `R_NEW${Date.now().toString(36).toUpperCase()}`

  beforeAll(async () => {
    const registered = await registerUser({ username: root.username })
    Object.assign(root, { token: registered.token, id: registered.user.id })
    await (await db()).query('UPDATE users SET user_role = 0 WHERE id = ?', [root.id])
    admin.id = (await registerUser({ username: admin.username })).user.id
    viewer.id = (await registerUser({ username: viewer.username })).user.id
    await api('/api/admin/roles', { method: 'POST', token: root.token, body: { code: viewerRole, name: 'Viewer', permissions: ['role:list'] } })
    await api(`/api/admin/users/${admin.id}/roles`, { method: 'PUT', token: root.token, body: { roles: ['R_ADMIN'] } })
    await api(`/api/admin/users/${viewer.id}/roles`, { method: 'PUT', token: root.token, body: { roles: ['R_USER', viewerRole] } })
  })

  async function logIn(page: Page, username: string, then: string) {
    await page.goto(url(`/login?redirect=${encodeURIComponent(then)}`))
    await page.waitForSelector('button[type=submit]:not([disabled])')
    await page.fill('input[name=username]', username)
    await page.fill('input[name=password]', GOOD_PASSWORD)
    await page.click('button[type=submit]')
    await page.waitForURL(url(then))
  }

  function rowOf(page: Page, table: string, text: string) {
    return page.locator(`[data-test=${table}] tbody tr`, { hasText: text })
  }

  it('shows an R_ADMIN the user list with status and sign-out buttons, and no role controls', () => step('admin-users', async () => {
    await logIn(adminPage, admin.username, '/')
    expect(await adminPage.locator('[data-test=nav-admin]').count()).toBe(1)
    expect(await adminPage.locator('[data-test=nav-roles]').count()).toBe(1)
    await adminPage.click('[data-test=nav-admin]')
    await adminPage.waitForURL(url('/admin/users'))
    const row = rowOf(adminPage, 'user-table', viewer.username)
    await row.waitFor()
    expect(await row.locator('[data-test=row-roles]').textContent()).toContain(viewerRole)
    expect(await row.locator('[data-test=toggle-status]').count()).toBe(1)
    expect(await row.locator('[data-test=sign-out-everywhere]').count()).toBe(1)
    expect(await adminPage.locator('[data-test=toggle-role]').count()).toBe(0)
    expect(await adminPage.locator('[data-test=edit-roles]').count()).toBe(0)
  }))

  it('shows an R_ADMIN the roles without create, edit or delete', () => step('admin-roles', async () => {
    await adminPage.click('[data-test=nav-roles]')
    await adminPage.waitForURL(url('/admin/roles'))
    await rowOf(adminPage, 'role-table', 'R_SUPER').waitFor()
    expect(await adminPage.locator('[data-test=role-create]').count()).toBe(0)
    expect(await adminPage.locator('[data-test=role-edit]').count()).toBe(0)
    expect(await adminPage.locator('[data-test=role-delete]').count()).toBe(0)
  }))

  it('shows a custom role\'s holder only what it grants: the roles, not the users', () => step('viewer', async () => {
    await logIn(viewerPage, viewer.username, '/')
    expect(await viewerPage.locator('[data-test=nav-admin]').count()).toBe(0)
    await viewerPage.click('[data-test=nav-roles]')
    await viewerPage.waitForURL(url('/admin/roles'))
    expect(await rowOf(viewerPage, 'role-table', viewerRole).locator('[data-test=role-row-permissions]').textContent()).toContain('role:list')
    expect(await viewerPage.locator('[data-test=role-create]').count()).toBe(0)
    const response = await viewerPage.goto(url('/admin/users'))
    expect(response!.status()).toBe(403)
    await expect.poll(() => viewerPage.textContent('[data-test=error-page]')).toContain('你的角色没有访问此页面的权限')
    expect(await viewerPage.locator('[data-test=user-table]').count()).toBe(0)
  }))

  it('lets the super admin create a role from the grouped checklist', () => step('create-role', async () => {
    await logIn(superPage, root.username, '/admin/roles')
    await superPage.click('[data-test=role-create]')
    const dialog = superPage.locator('[data-test=role-dialog]')
    await dialog.locator('input[name=code]').fill(newRole)
    await dialog.locator('input[name=name]').fill('Lister')
    expect(await dialog.locator('fieldset legend').allTextContents()).toEqual(['账号', '角色'])
    await dialog.locator('[data-test="permission-user:list"]').click()
    await dialog.locator('[data-test=role-save]').click()
    await expect.poll(() => rowOf(superPage, 'role-table', newRole).locator('[data-test=role-row-permissions]').textContent()).toBe('user:list')
  }))

  it('lets the super admin give the role to an account, which the list shows at once', () => step('assign-role', async () => {
    await superPage.goto(url('/admin/users'))
    const row = rowOf(superPage, 'user-table', viewer.username)
    await row.locator('[data-test=edit-roles]').click()
    const dialog = superPage.locator('[data-test=assign-roles-dialog]')
    await dialog.locator('[data-test=assign-roles-select]').click()
    await superPage.locator('.el-select-dropdown__item:visible', { hasText: newRole }).click()
    // Close the multi-select's list, which covers the button.
    await dialog.locator('.el-dialog__title').click()
    await superPage.locator('.el-select-dropdown:visible').waitFor({ state: 'hidden' })
    await dialog.locator('[data-test=assign-roles-save]').click()
    await expect.poll(() => row.locator('[data-test=row-roles]').textContent()).toContain(newRole)
    // The holder's very next page load shows the user list.
    await viewerPage.goto(url('/'))
    await viewerPage.click('[data-test=nav-admin]')
    await viewerPage.waitForURL(url('/admin/users'))
  }))

  it('explains why a held role cannot be deleted, and keeps it', () => step('delete-held', async () => {
    await superPage.goto(url('/admin/roles'))
    await rowOf(superPage, 'role-table', newRole).locator('[data-test=role-delete]').click()
    const box = superPage.locator('.el-message-box')
    await expect.poll(() => box.textContent()).toContain('1 个账号拥有该角色')
    await box.locator('.el-message-box__btns .el-button--primary').click()
    await expect.poll(() => superPage.textContent('.el-message--error')).toContain('仍有账号拥有该角色')
    expect(await rowOf(superPage, 'role-table', newRole).count()).toBe(1)
    expect(await rowOf(superPage, 'role-table', 'R_ADMIN').locator('[data-test=role-delete]').count()).toBe(0)
  }))
})
