import { describe, expect, it } from 'vitest'
import { isAvatarMediaType, sniffImageType } from '../../server/avatars/upload-rules'

const bytes = (hex: string, pad = 16) => Buffer.concat([Buffer.from(hex.replace(/\s/g, ''), 'hex'), Buffer.alloc(pad)])

describe('what an avatar upload may be', () => {
  it('tells PNG, JPEG and WebP by their signature', () => {
    expect(sniffImageType(bytes('89504E470D0A1A0A'))).toBe('image/png')
    expect(sniffImageType(bytes('FFD8FFE0'))).toBe('image/jpeg')
    expect(sniffImageType(bytes('52494646 00000000 57454250'))).toBe('image/webp')
  })

  it('refuses anything else, whatever its name: GIF, SVG, a RIFF that is not WebP, a cut signature', () => {
    expect(sniffImageType(bytes('474946383961'))).toBeNull()
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull()
    expect(sniffImageType(bytes('52494646 00000000 41564920'))).toBeNull()
    expect(sniffImageType(Buffer.from('89504E47', 'hex'))).toBeNull()
    expect(sniffImageType(Buffer.alloc(0))).toBeNull()
  })

  it('takes the three image types in Content-Type, parameters and case aside', () => {
    expect(isAvatarMediaType('image/png')).toBe(true)
    expect(isAvatarMediaType('IMAGE/JPEG; charset=binary')).toBe(true)
    expect(isAvatarMediaType('image/webp')).toBe(true)
    for (const type of ['image/gif', 'image/svg+xml', 'application/json', 'application/octet-stream', '', undefined]) expect(isAvatarMediaType(type)).toBe(false)
  })
})
