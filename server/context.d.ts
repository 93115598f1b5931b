import type { MessageKey } from './i18n/messages'
import type { UserSession } from './utils/session'

declare module 'h3' {
  interface H3EventContext {
    /** The checked session of the request, once `requireUserSession` has run. */
    userSession?: UserSession
    /** The success message of this answer, when not the handler's usual one (`setResponseMessage`). */
    apiMessage?: MessageKey
    /** Where a failed third-party sign-in sends the browser: `/login` (the default) or `/profile` when linking. */
    oauthFailurePage?: '/login' | '/profile'
    /** A visitor's page to keep once sent, under this key (server/rendering/visitor-pages.ts). */
    visitorPageKey?: string
    /** The page's render lacks something (an error, data or texts that failed to load): it is this request's alone. */
    renderFailed?: boolean
  }
}

export {}
