import type { Language } from 'element-plus/es/locale'
import zhCn from 'element-plus/es/locale/lang/zh-cn.mjs'
import type { LanguageCode } from '~/i18n/languages'

/**
 * Element Plus's own texts (pagination, empty table) in the page's language, for
 * `<el-config-provider>` (layouts/default.vue) as `$elementLocale`. Chinese is Element Plus's
 * default here (`elementPlus.defaultLocale`), so it is in the entry chunk anyway; English is
 * loaded only for a page in English, before its first render and on a switch to it, so a
 * Chinese page does not download it (docs/benchmarks.md, "First-load weight").
 */
const LOADERS: Record<LanguageCode, () => Promise<Language>> = {
  'zh-CN': async () => zhCn,
  'en': () => import('element-plus/es/locale/lang/en.mjs').then(module => module.default),
}

export default defineNuxtPlugin({
  name: 'element-locale',
  dependsOn: ['i18n:plugin'],
  parallel: true,
  async setup(nuxtApp) {
    const i18n = nuxtApp.$i18n as { locale: Ref<string> }
    const elementLocale = shallowRef<Language>(zhCn)
    const load = async (code: string) => {
      elementLocale.value = await (LOADERS[code as LanguageCode] ?? LOADERS['zh-CN'])()
    }
    // A switch (and the first detection of the language) waits for it, so the page never shows
    // the new language with the old one's pager.
    nuxtApp.hook('i18n:beforeLocaleSwitch', ({ newLocale }) => load(newLocale))
    await load(i18n.locale.value)
    return { provide: { elementLocale } }
  },
})
