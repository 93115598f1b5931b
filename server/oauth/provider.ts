import type { ProviderId } from './settings'

/** Who signed in, as a provider tells it (never a token). */
export interface ProviderProfile {
  /** The provider's own key for the person: it never changes, unlike a name or an address. */
  key: string
  /** The name to show for the linked account (a login, a nickname), as the provider tells it now. */
  name: string | null
  /** What a new account's username is made from, best first: a login, then a nickname. */
  usernameHints: string[]
  /** The email address the provider gave, lower-cased, if any. */
  email: string | null
  /** Whether the provider says the address is verified (only then may an account hold it). */
  emailVerified: boolean
}

/** The secrets of one sign-in, kept in the browser's flow cookie between start and callback. */
export interface FlowSecrets {
  state: string
  /** PKCE (RFC 7636): sent hashed (S256) to providers that take it, then proved at the token endpoint. */
  codeVerifier: string
  /** OIDC: bound into the ID token by the provider and checked there. */
  nonce: string
}

/** One provider of third-party sign-in: the same two steps for each, whatever it speaks. */
export interface OAuthProvider {
  id: ProviderId
  /** The name of its button (`NUXT_OAUTH_OIDC_NAME` for OIDC). */
  name: string
  /** The provider's page where the person signs in and allows us, for this flow. */
  authorizationUrl: (flow: FlowSecrets, callbackUrl: string) => Promise<URL>
  /**
   * Who signed in, from the query the provider sent the browser back with (its `state` already
   * checked against the flow's): exchanges the code, reads the profile, and throws the contract's
   * error code (`providerError`) for anything that went wrong, never the provider's words.
   */
  identify: (query: URLSearchParams, flow: FlowSecrets, callbackUrl: string) => Promise<ProviderProfile>
}
