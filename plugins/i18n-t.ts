import { Translation } from 'vue-i18n'

/**
 * `<i18n-t>` everywhere, as vue-i18n's full install registered it. The full install is off
 * (`i18n.bundle.fullInstall` in nuxt.config.ts) so that `<i18n-d>`, `<i18n-n>` and `v-t`, used
 * nowhere here, stay out of the entry chunk.
 */
export default defineNuxtPlugin({
  name: 'i18n-t',
  setup(nuxtApp) {
    nuxtApp.vueApp.component('i18n-t', Translation)
  },
})
