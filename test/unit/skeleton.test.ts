import { describe, expect, it } from 'vitest'
import { usernameSkeleton, usernameSkeletonKey } from '../../server/accounts/skeleton'

const alike = (a: string, b: string) => usernameSkeleton(a) === usernameSkeleton(b)

describe('usernameSkeleton (UTS #39, as the username column compares)', () => {
  it('maps Cyrillic, Greek, full-width and capital look-alikes of admin onto admin', () => {
    for (const name of ['аdmin', 'ΑDMIN', 'ａdmin', 'Admin', 'ADMIN', 'аdmіn', 'ａｄｍｉｎ']) {
      expect(alike(name, 'admin'), name).toBe(true)
    }
  })

  it('sets accents and default-ignorable marks aside, as the collation does', () => {
    expect(alike('аlicé', 'alice')).toBe(true)
    expect(alike('admin\uFE00', 'аdmin')).toBe(true)
  })

  it('follows the confusables table: m and rn, 0 and O, 1 and l look alike', () => {
    expect(alike('modern', 'rnodern')).toBe(true)
    expect(alike('admin0', 'adminO')).toBe(true)
    expect(alike('bi11', 'bill')).toBe(true)
  })

  it('keeps names apart that do not look alike', () => {
    expect(alike('admin', 'bdmin')).toBe(false)
    expect(alike('admin', 'admins')).toBe(false)
    expect(alike('adm1n', 'admin')).toBe(false)
    // A name is one name in all its cases: compared in lower case, capital I is i, not l.
    expect(alike('Ian', 'lan')).toBe(false)
    expect(alike('li.lei', 'lilei')).toBe(false)
    expect(alike('韩梅梅', '韩梅')).toBe(false)
    expect(alike('𠀀𠀀𠀀user', '𪚥𪚥𪚥user')).toBe(false)
  })

  it('stores a fixed-size hash of the skeleton, equal for look-alikes', () => {
    expect(usernameSkeletonKey('аdmin')).toBe(usernameSkeletonKey('admin'))
    expect(usernameSkeletonKey('admin')).toMatch(/^[0-9a-f]{64}$/)
    expect(usernameSkeletonKey('ﷺ'.repeat(50))).toHaveLength(64)
  })
})
