declare module '#i18n-server-plugin' {
  import type { NitroApp } from 'nitropack/types'

  const plugin: (nitroApp: NitroApp) => unknown
  export default plugin
}
