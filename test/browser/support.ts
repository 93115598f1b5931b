import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { url } from '@nuxt/test-utils/e2e'
import type { AxeResults } from 'axe-core'
import { chromium, type BrowserContextOptions, type Page } from 'playwright-core'
import { afterAll, expect } from 'vitest'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/** Headless and quiet: no sandbox (containers), GPU, QUIC or background traffic of its own. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
const SCREENSHOTS = 'test-results'
const SESSION_COOKIES = new Set(['cw_access', 'cw_refresh'])

/**
 * Launches Chromium for the tests of one file (call it in the `describe`; the browser closes
 * after them) and opens one page in a fresh context, in Chinese (`openPage` opens more).
 * `name` prefixes the screenshots that failed steps leave in test-results/.
 */
export async function openBrowser(name: string) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
  afterAll(() => browser.close())
  /** What went wrong in the pages, reported with a failing step. */
  const problems: string[] = []
  const pages: Page[] = []

  /**
   * Opens one more page in a context of its own (another person, cookies apart); Chinese unless
   * `options` say otherwise (`locale: 'en'` sends `Accept-Language: en`, `colorScheme: 'dark'`).
   */
  async function openPage(options: BrowserContextOptions = {}): Promise<Page> {
    const opened = await (await browser.newContext({ locale: 'zh-CN', ...options })).newPage()
    opened.setDefaultTimeout(10_000)
    opened.on('pageerror', error => problems.push(`page error: ${error.message}`))
    opened.on('requestfailed', request => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`))
    pages.push(opened)
    return opened
  }
  const page = await openPage()

  /** Runs a step, keeping a screenshot of every page when it fails. */
  async function step(stepName: string, body: () => Promise<void>) {
    try {
      await body()
    }
    catch (error) {
      mkdirSync(SCREENSHOTS, { recursive: true })
      for (const [index, shown] of pages.entries()) {
        const suffix = index ? `-${index + 1}` : ''
        await shown.screenshot({ path: `${SCREENSHOTS}/${name}-${stepName}${suffix}.png`, fullPage: true }).catch(() => {})
      }
      if (problems.length) console.error(`[${stepName}] in the page:\n${problems.join('\n')}`)
      throw error
    }
  }

  /** Waits until the form `form` (or any form) is hydrated: its submit button is enabled only then. */
  async function formReady(form?: string) {
    await page.waitForSelector(form ? `[data-test=${form}-submit]:not([disabled])` : 'button[type=submit]:not([disabled])')
  }

  /** Opens `path` and waits until its form (`form`, or any) is hydrated. */
  async function openForm(path: string, form?: string) {
    await page.goto(url(path))
    await formReady(form)
  }

  /**
   * The session cookies (access and refresh) the browser holds; the device cookie, which
   * outlives sessions by design (shared/API.md), is not one of them.
   */
  async function sessionCookies() {
    return (await page.context().cookies()).filter(cookie => SESSION_COOKIES.has(cookie.name))
  }

  return { page, openPage, step, formReady, openForm, sessionCookies }
}

/** axe-core's browser build, injected into pages by `expectAccessible`. */
let axeSource: string | undefined

/** The impacts that fail a page: a person cannot get past these. */
const FAILING_IMPACTS = new Set(['serious', 'critical'])

/**
 * Runs axe-core on the page as it is now and fails the test, naming each rule, its help and
 * the elements it found, when any violation is serious or critical. The test goes on (a soft
 * failure), so one run reports every page. `where` names the page in the message.
 */
export async function expectAccessible(page: Page, where: string) {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource })
  // Colours are measured once transitions (a message fading in) have ended.
  await page.evaluate(() => Promise.all(document.getAnimations().map(animation => animation.finished.catch(() => {}))))
  const results = await page.evaluate(() => (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } })
    .axe.run(document, { resultTypes: ['violations'] }))
  const failing = results.violations
    .filter(violation => FAILING_IMPACTS.has(violation.impact ?? ''))
    .map(violation => `${violation.impact} ${violation.id}: ${violation.help}\n${violation.nodes.slice(0, 5).map(node => `    ${node.target.join(' ')}  ${node.failureSummary?.split('\n').slice(1, 2).join('') ?? ''}`).join('\n')}`)
  expect.soft(failing, `axe-core on ${where}`).toEqual([])
}

export const SCREENSHOT_DIR = `${SCREENSHOTS}/screenshots`

/** Keeps a full-page screenshot as test-results/screenshots/<name>.png, to be looked at (not compared). */
export async function saveScreenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true })
}
