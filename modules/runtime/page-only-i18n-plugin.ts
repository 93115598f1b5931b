import type { NitroApp } from 'nitropack/types'
// @nuxtjs/i18n's own Nitro plugin (the alias is set by modules/page-only-i18n.ts).
import i18nServerPlugin from '#i18n-server-plugin'
import { isApiPath } from '../../server/utils/api'
import { withPageOnlyHooks } from './page-only-hooks'

/** @nuxtjs/i18n's server plugin, its request hooks skipping `/api` (modules/page-only-i18n.ts). */
export default function pageOnlyI18n(nitroApp: NitroApp) {
  return i18nServerPlugin(withPageOnlyHooks(nitroApp, isApiPath))
}
