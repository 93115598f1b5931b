import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { DEFAULT_DATABASE_URL } from './server/database/url'
import { LANGUAGE_COOKIE, LANGUAGES } from './i18n/languages'

// https://nuxt.com/docs/api/configuration/nuxt-config
export default defineNuxtConfig({
  modules: ['@pinia/nuxt', '@element-plus/nuxt', '@nuxtjs/i18n', '@nuxt/eslint', 'nuxt-security', './modules/api-routes', './modules/page-only-i18n', './modules/request-runtime-config', './modules/api-error-handler', './modules/migrations', './modules/message-ast', './modules/split-icons', './modules/lazy-tinycolor', './modules/lazy-validator', './modules/lazy-vue-compiler', './modules/ascii-server-chunks', './modules/shared-i18n-texts'],

  $development: {
    security: { headers: { strictTransportSecurity: false } },
  },

  // Components are named after their file alone: components/fields/EmailField.vue is <EmailField>.
  components: [{ path: '~/components', pathPrefix: false }],
  devtools: { enabled: false },

  app: {
    head: {
      title: 'community-web',
      meta: [{ name: 'viewport', content: 'width=device-width, initial-scale=1' }],
    },
  },

  // Element Plus's dark variables apply under `html.dark` (plugins/color-scheme.ts); theme.css
  // darkens the light scheme's colours to pass contrast checks.
  css: ['element-plus/theme-chalk/dark/css-vars.css', '~/assets/main.css', '~/assets/theme.css'],

  // Every value here is overridden at run time by its NUXT_* environment variable.
  runtimeConfig: {
    databaseUrl: DEFAULT_DATABASE_URL,
    jwtSecret: '',
    bcryptCost: 10,
    // Empty: 16 waiting hash jobs per worker thread (one thread per core); then logins answer 503.
    passwordQueueLimit: '',
    siteUrl: 'http://localhost:3000',
    smtpUrl: '',
    mailFrom: 'community-web <no-reply@localhost>',
    redisUrl: '',
    authRateLimit: 60,
    trustProxy: false,
    requireEmailVerification: false,
    sessionSweepSeconds: 60,
    // `false` turns off /openapi.json and /docs.
    apiDocs: true,
    // Empty: uploaded avatars are files under .data/avatars; or a directory, or redis://… (server/avatars/driver.ts).
    avatarStorage: '',
    // Third-party sign-in (server/oauth/settings.ts): a provider is on when its credentials are set;
    // the addresses default to the provider's own (empty here) and may point elsewhere.
    oauth: {
      wechat: { appId: '', appSecret: '', openUrl: '', apiUrl: '' },
      qq: { appId: '', appKey: '', baseUrl: '' },
      github: { clientId: '', clientSecret: '', baseUrl: '', apiUrl: '' },
      oidc: { issuer: '', clientId: '', clientSecret: '', name: '' },
    },
  },
  compatibilityDate: '2026-11-01',

  // Bundled into the server rather than loaded from node_modules, so that only what the server
  // uses is kept (docs/benchmarks.md, issue 16). Element Plus's server code imports lodash
  // through lodash-unified, which loads all of lodash-es (600-odd modules, about 30 MB of
  // resident memory) on the first page render; zod's entry loads its 63 languages of error
  // messages and its JSON Schema tools (1.5 MB of source held in memory) on the first request
  // that validates a body.
  nitro: {
    externals: { inline: ['lodash-unified', 'lodash-es', 'zod'] },
  },

  typescript: {
    strict: true,
  },
  telemetry: false,

  // Element Plus's own texts follow the page's language through <el-config-provider> (layouts/default.vue).
  elementPlus: {
    defaultLocale: 'zh-cn',
  },

  eslint: {
    config: { stylistic: true },
  },

  // Page texts (docs/architecture.md, "Texts"): every file of i18n/locales/<code>/ is loaded,
  // so an area adds its texts with a file of its own. URLs carry no language; the cookie
  // `cw_lang` holds a person's choice, and without one the request's Accept-Language decides
  // during the server render.
  i18n: {
    locales: LANGUAGES.map(language => ({ ...language, files: localeFiles(language.code) })),
    defaultLocale: 'zh-CN',
    strategy: 'no_prefix',
    // The texts reach vue-i18n already compiled, in the browser and on the server alike
    // (modules/message-ast.ts): its message compiler is left out of the bundles. Without the
    // full install, <i18n-d>, <i18n-n> and v-t, used nowhere, stay out of the entry chunk;
    // plugins/i18n-t.ts registers <i18n-t>.
    bundle: { dropMessageCompiler: true, fullInstall: false },
    detectBrowserLanguage: {
      useCookie: true,
      cookieKey: LANGUAGE_COOKIE,
      cookieCrossOrigin: false,
      redirectOn: 'no prefix',
      alwaysRedirect: false,
      fallbackLocale: 'zh-CN',
    },
  },

  // Security headers on pages and API answers alike (README, "Security"). The request limits,
  // size limit and CORS of nuxt-security are off: the API has its own (server/middleware), and
  // no foreign origin is ever allowed to read it.
  security: {
    // The nonce ('nonce-{{nonce}}' below) and the integrity hashes are put on a page's tags by
    // server/plugins/page-tags.ts in one pass: nuxt-security's own passes cost a fifth of a page
    // render's allocations.
    nonce: false,
    sri: false,
    headers: {
      contentSecurityPolicy: {
        'default-src': ['\'self\''],
        'base-uri': ['\'none\''],
        'connect-src': ['\'self\''],
        'font-src': ['\'self\'', 'data:'],
        'form-action': ['\'self\''],
        'frame-ancestors': ['\'none\''],
        // Avatars may be any http(s) address (shared/API.md).
        'img-src': ['\'self\'', 'data:', 'https:', 'http:'],
        'object-src': ['\'none\''],
        'script-src': ['\'self\'', '\'strict-dynamic\'', '\'nonce-{{nonce}}\''],
        'script-src-attr': ['\'none\''],
        // Element Plus positions popups with inline styles.
        'style-src': ['\'self\'', '\'unsafe-inline\''],
        // TLS is the reverse proxy's business; HSTS (below) keeps browsers on it.
        'upgrade-insecure-requests': false,
      },
      crossOriginEmbedderPolicy: false,
      referrerPolicy: 'no-referrer',
      xFrameOptions: 'DENY',
    },
    rateLimiter: false,
    requestSizeLimiter: false,
    xssValidator: false,
    corsHandler: false,
    allowedMethodsRestricter: false,
    hidePoweredBy: true,
  },
})

/** The locale files of a language: every JSON file in i18n/locales/<code>/, one per area. */
function localeFiles(code: string): string[] {
  return readdirSync(fileURLToPath(new URL(`./i18n/locales/${code}`, import.meta.url)))
    .filter(file => file.endsWith('.json'))
    .sort()
    .map(file => `${code}/${file}`)
}
