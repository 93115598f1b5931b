import type { UserSession } from './utils/session'

declare module 'h3' {
  interface H3EventContext {
    /** The checked session of the request, once `requireUserSession` has run. */
    userSession?: UserSession
  }
}

export {}
