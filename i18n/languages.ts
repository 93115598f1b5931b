/**
 * The languages of the site, each named in itself (the language switch shows these names).
 * Shared by nuxt.config.ts and the pages; the server's API texts speak the same two
 * (server/i18n/messages.ts).
 */
export const LANGUAGES = [
  { code: 'zh-CN', language: 'zh-CN', name: '中文' },
  { code: 'en', language: 'en', name: 'English' },
] as const

export type LanguageCode = (typeof LANGUAGES)[number]['code']

/** The cookie that remembers a person's choice of language. */
export const LANGUAGE_COOKIE = 'cw_lang'
