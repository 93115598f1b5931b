import { describe, expect, it } from 'vitest'
import { renderMail, type EmailChangedMail } from '../../server/mail/templates'

const NOTICE: EmailChangedMail = {
  kind: 'emailChanged',
  username: 'alice',
  newEmail: 'n***@example.com',
  at: '2026-01-31 08:15:00',
  ip: '203.0.113.7',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  link: 'https://community.example/profile',
}

describe('the email-changed notice', () => {
  it.each(['zh', 'en'] as const)('names the new address, time, device, IP and the way back, in %s', (language) => {
    const { text, html } = renderMail(NOTICE, language)
    for (const part of ['alice', 'n***@example.com', '2026-01-31 08:15:00', 'Firefox 125 · Linux', '203.0.113.7', NOTICE.link]) {
      expect(text).toContain(part)
    }
    expect(html).toContain(`href="${NOTICE.link}"`)
  })

  it('says the address was removed when there is no new one, and names an unknown device in the mail\'s language', () => {
    const cleared = { ...NOTICE, newEmail: null, userAgent: null }
    expect(renderMail(cleared, 'en').text).toContain('was removed')
    expect(renderMail(cleared, 'en').text).toContain('an unknown device')
    expect(renderMail(cleared, 'zh').text).toContain('被移除')
    expect(renderMail(cleared, 'zh').text).toContain('未知设备')
  })
})
