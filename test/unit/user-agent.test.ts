import { describe, expect, it } from 'vitest'
import { describeUserAgent } from '../../shared/user-agent'

describe('describeUserAgent', () => {
  it.each([
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', 'Chrome 124 · Windows'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51', 'Edge 124 · Windows'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15', 'Safari 17 · macOS'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1', 'Safari 17 · iPhone'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1', 'Chrome 124 · iPhone'],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0', 'Firefox 125 · Linux'],
    ['Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36', 'Samsung Internet 24 · Android'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36', 'Chrome 131 · Linux'],
    ['curl/8.5.0', 'curl/8.5.0'],
    ['okhttp/4.12.0', 'okhttp/4.12.0'],
  ])('%s → %s', (agent, expected) => {
    expect(describeUserAgent(agent)).toBe(expected)
  })

  it('names WeChat\'s browser in the reader\'s language', () => {
    const wechat = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64'
    expect(describeUserAgent(wechat)).toBe('微信 8 · Android')
    expect(describeUserAgent(wechat, { unknown: 'Unknown device', browser: 'Browser', wechat: 'WeChat' })).toBe('WeChat 8 · Android')
  })

  it('says so when there is no user agent', () => {
    expect(describeUserAgent(null)).toBe('未知设备')
    expect(describeUserAgent('  ')).toBe('未知设备')
  })

  it('shortens an unknown agent to its first product, at most 40 characters', () => {
    expect(describeUserAgent(`${'x'.repeat(60)} (something)`)).toBe(`${'x'.repeat(39)}…`)
    expect(describeUserAgent('Mozilla/5.0 (Windows NT 10.0) SomethingNew')).toBe('浏览器 · Windows')
  })
})
