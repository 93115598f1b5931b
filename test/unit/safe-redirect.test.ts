import { describe, expect, it } from 'vitest'
import { safeRedirect } from '../../utils/safe-redirect'

describe('safeRedirect (the redirect query after signing in)', () => {
  it('follows a plain same-site path, query and hash included', () => {
    expect(safeRedirect('/profile')).toBe('/profile')
    expect(safeRedirect('/admin/users?page=2#top')).toBe('/admin/users?page=2#top')
    expect(safeRedirect(['/profile', '/other'])).toBe('/profile')
  })

  it('refuses anything that could lead to another host', () => {
    for (const target of ['https://evil.example', '//evil.example', '/\\evil.example', 'evil', '/\t/evil.example', '/\n/evil', '']) {
      expect(safeRedirect(target)).toBe('/')
    }
  })

  it('never returns to the login or register page, and uses the fallback given', () => {
    expect(safeRedirect('/login')).toBe('/')
    expect(safeRedirect('/register/?x=1')).toBe('/')
    expect(safeRedirect(undefined, '/profile')).toBe('/profile')
    expect(safeRedirect(42)).toBe('/')
  })
})
