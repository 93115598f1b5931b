import type { NitroApp } from 'nitropack/types'
import { useRuntimeConfig } from 'nitropack/runtime'
import { defineLazyCopy } from './lazy-copy'

/**
 * Each request's runtime config (`useRuntimeConfig(event)`), copied when first asked for from
 * the one the environment made at start-up, rather than read from the environment again
 * (modules/request-runtime-config.ts). Requests that never ask (the API's) copy nothing.
 */
export default function requestRuntimeConfig(nitroApp: NitroApp) {
  const atStartUp = useRuntimeConfig()
  nitroApp.hooks.hook('request', (event) => {
    defineLazyCopy(event.context.nitro!, 'runtimeConfig', atStartUp)
  })
}
