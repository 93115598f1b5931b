/** Browsers in the order they must be tried: Edge and Opera also say "Chrome", Chrome also says "Safari". */
const BROWSERS: [name: string, pattern: RegExp][] = [
  ['Edge', /\bEdg(?:e|A|iOS)?\/(\d+)/],
  ['Opera', /\b(?:OPR|Opera)\/(\d+)/],
  ['Samsung Internet', /\bSamsungBrowser\/(\d+)/],
  ['WeChat', /\bMicroMessenger\/(\d+)/],
  ['Firefox', /\b(?:Firefox|FxiOS)\/(\d+)/],
  ['Chrome', /\b(?:HeadlessChrome|Chrome|CriOS)\/(\d+)/],
  ['Safari', /\bVersion\/(\d+)(?:\.\d+)*.*\bSafari\//],
]

const SYSTEMS: [name: string, pattern: RegExp][] = [
  ['iPhone', /\biPhone\b/],
  ['iPad', /\biPad\b/],
  ['Android', /\bAndroid\b/],
  ['Windows', /\bWindows\b/],
  ['ChromeOS', /\bCrOS\b/],
  ['macOS', /\bMac OS X\b|\bMacintosh\b/],
  ['Linux', /\bLinux\b/],
]

/** Longest raw user agent shown when it names no browser we know. */
const RAW_MAX = 40

/** The words a description needs in the reader's language: the pages speak Chinese, a mail either language. */
export interface UserAgentWords {
  /** No user agent at all. */
  unknown: string
  /** A browser we cannot name. */
  browser: string
  /** WeChat's built-in browser, whose name differs by language. */
  wechat: string
}

const CHINESE: UserAgentWords = { unknown: '未知设备', browser: '浏览器', wechat: '微信' }

/**
 * A user agent as a person reads it, e.g. `Chrome 120 · Windows`, `Safari 17 · iPhone`;
 * a program's agent (`curl/8.5.0`, `okhttp/4.12`) as its first product, shortened. Shared by
 * the sessions list and the mails that name the device a change came from.
 */
export function describeUserAgent(userAgent: string | null | undefined, words: UserAgentWords = CHINESE): string {
  const agent = userAgent?.trim()
  if (!agent) return words.unknown
  const system = SYSTEMS.find(([, pattern]) => pattern.test(agent))?.[0]
  for (const [name, pattern] of BROWSERS) {
    const version = pattern.exec(agent)?.[1]
    const label = name === 'WeChat' ? words.wechat : name
    if (version) return system ? `${label} ${version} · ${system}` : `${label} ${version}`
  }
  if (system && agent.startsWith('Mozilla/')) return `${words.browser} · ${system}`
  const product = agent.split(/\s+/)[0]!
  return product.length > RAW_MAX ? `${product.slice(0, RAW_MAX - 1)}…` : product
}
