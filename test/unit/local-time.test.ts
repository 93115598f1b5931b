import { describe, expect, it } from 'vitest'
import { formatLocalTime, LOCAL_TIME_OPTIONS, localTimeFormatter } from '../../utils/local-time'

describe('LocalTime formatting (one formatter per language)', () => {
  it('formats as Intl does with the component\'s options, in each language', () => {
    const iso = '2026-11-30T00:49:15.000Z'
    for (const locale of ['zh-CN', 'en']) {
      expect(formatLocalTime(iso, locale)).toBe(new Intl.DateTimeFormat(locale, LOCAL_TIME_OPTIONS).format(new Date(iso)))
    }
    expect(formatLocalTime(iso, 'zh-CN')).not.toBe(formatLocalTime(iso, 'en'))
  })

  it('builds a language\'s formatter once and reuses it', () => {
    expect(localTimeFormatter('en')).toBe(localTimeFormatter('en'))
    expect(localTimeFormatter('zh-CN')).not.toBe(localTimeFormatter('en'))
  })

  it('shows a text that is not a time as it is', () => {
    expect(formatLocalTime('not a time', 'en')).toBe('not a time')
  })
})
