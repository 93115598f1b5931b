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

  it.each([
    ['a space', '/ /evil.example'],
    ['a no-break space', '/\u00A0/evil.example'],
    ['a byte order mark', '/\uFEFF/evil.example'],
    ['a tab', '/\t/evil.example'],
    ['a line separator', '/\u2028/evil.example'],
    ['a zero-width space', '/\u200B/evil.example'],
    ['a right-to-left override', '/profile\u202E'],
    ['DEL', '/\u007F/evil.example'],
    ['a C1 control', '/\u0085/evil.example'],
    ['a backslash after the first character', '/a\\/evil.example'],
    ['a backslash at the end', '/profile\\'],
    ['a leading /\\', '/\\evil.example'],
    ['a leading //', '//evil.example'],
    ['a scheme', 'https:'],
    ['a scheme without slashes', 'https:evil.example'],
  ])('refuses a redirect with %s anywhere', (_, target) => {
    expect(safeRedirect(target)).toBe('/')
  })
})
