import type { NitroApp } from 'nitropack/types'
import { useRuntimeConfig } from 'nitropack/runtime'
import { isApiPath } from '../../server/utils/api'
import { defineLazyCopy } from './lazy-copy'

/**
 * Each request's runtime config (`useRuntimeConfig(event)`), copied when first asked for from
 * the one the environment made at start-up, rather than read from the environment again
 * (modules/request-runtime-config.ts). API requests are left as Nitro has them: all but the few
 * that send mail read the shared config, so the copy would be made for nothing.
 */
export default function requestRuntimeConfig(nitroApp: NitroApp) {
  const atStartUp = useRuntimeConfig()
  nitroApp.hooks.hook('request', (event) => {
    if (isApiPath(event.path)) return
    defineLazyCopy(event.context.nitro!, 'runtimeConfig', atStartUp)
  })
}
