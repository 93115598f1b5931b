import { DEFAULT_DATABASE_URL } from './server/database/defaults'

// https://nuxt.com/docs/api/configuration/nuxt-config
export default defineNuxtConfig({
  modules: ['@pinia/nuxt', '@element-plus/nuxt', '@nuxt/eslint', './modules/api-routes', './modules/api-error-handler', './modules/migrations'],
  devtools: { enabled: false },

  app: {
    head: {
      htmlAttrs: { lang: 'zh-CN' },
      title: 'community-web',
      meta: [{ name: 'viewport', content: 'width=device-width, initial-scale=1' }],
    },
  },

  css: ['~/assets/main.css'],

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
  },
  compatibilityDate: '2026-11-01',

  typescript: {
    strict: true,
  },
  telemetry: false,

  elementPlus: {
    defaultLocale: 'zh-cn',
  },

  eslint: {
    config: { stylistic: true },
  },
})
