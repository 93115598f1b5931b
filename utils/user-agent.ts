/** Browsers in the order they must be tried: Edge and Opera also say "Chrome", Chrome also says "Safari". */
const BROWSERS: [name: string, pattern: RegExp][] = [
  ['Edge', /\bEdg(?:e|A|iOS)?\/(\d+)/],
  ['Opera', /\b(?:OPR|Opera)\/(\d+)/],
  ['Samsung Internet', /\bSamsungBrowser\/(\d+)/],
  ['微信', /\bMicroMessenger\/(\d+)/],
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

/**
 * A user agent as a person reads it, e.g. `Chrome 120 · Windows`, `Safari 17 · iPhone`;
 * a program's agent (`curl/8.5.0`, `okhttp/4.12`) as its first product, shortened.
 */
export function describeUserAgent(userAgent: string | null | undefined): string {
  const agent = userAgent?.trim()
  if (!agent) return '未知设备'
  const system = SYSTEMS.find(([, pattern]) => pattern.test(agent))?.[0]
  for (const [name, pattern] of BROWSERS) {
    const version = pattern.exec(agent)?.[1]
    if (version) return system ? `${name} ${version} · ${system}` : `${name} ${version}`
  }
  if (system && agent.startsWith('Mozilla/')) return `浏览器 · ${system}`
  const product = agent.split(/\s+/)[0]!
  return product.length > RAW_MAX ? `${product.slice(0, RAW_MAX - 1)}…` : product
}
