import type { ErrorCode } from '../utils/errors'
import { apiError } from '../utils/errors'

/*
 * How providers' failures become the contract's error codes. A provider's own words (an
 * `errmsg`, an `error_description`) are logged on the server and never shown: the browser is
 * sent to `/login?error=<code>` and the page explains the code.
 */

/** The standard OAuth 2.0 / OIDC error strings (RFC 6749 §4.1.2.1 and §5.2, OIDC Core §3.1.2.6, GitHub's own). */
export function oauthErrorCode(error: string): ErrorCode {
  switch (error) {
    case 'access_denied':
    case 'login_required':
    case 'consent_required':
    case 'interaction_required':
    case 'account_selection_required':
      return 'INVALID_CREDENTIALS'
    case 'invalid_grant':
    case 'bad_verification_code':
      return 'INVALID_CODE'
    case 'temporarily_unavailable':
    case 'server_error':
      return 'SERVICE_UNAVAILABLE'
    case 'slow_down':
      return 'TOO_MANY_REQUESTS'
    default:
      // invalid_client, unauthorized_client, redirect_uri_mismatch, invalid_scope…: our configuration.
      return 'SERVER_ERROR'
  }
}

/**
 * WeChat's `errcode` (the Open Platform's global return codes): a bad, used or expired
 * authorization code, a refused or expired grant, a busy system or a quota, or else our
 * configuration (wrong AppID or AppSecret, an IP not on the allow list, no permission).
 */
export function wechatErrorCode(errcode: number): ErrorCode {
  switch (errcode) {
    case 40029: // invalid code
    case 40163: // code been used
    case 41008: // missing code
      return 'INVALID_CODE'
    case 42003: // code expired
      return 'CODE_EXPIRED'
    case 40003: // invalid openid
    case 40014: // invalid access_token
    case 42001: // access_token expired
    case 50001: // the user did not allow this API
      return 'INVALID_CREDENTIALS'
    case -1: // system busy
      return 'SERVICE_UNAVAILABLE'
    case 45009: // API daily quota reached
    case 45011: // API minute quota reached
      return 'TOO_MANY_REQUESTS'
    default:
      return 'SERVER_ERROR'
  }
}

/**
 * QQ Connect's codes (the `error` of its OAuth endpoints, the `ret` of its OpenAPI): a bad or
 * reused authorization code, a token that is bad, expired, revoked or not allowed by the person,
 * a system error (negative `ret`), or else our configuration (unknown app id, bad app key,
 * callback address, an app not online).
 */
export function qqErrorCode(code: number): ErrorCode {
  if (code < 0) return 'SERVICE_UNAVAILABLE'
  switch (code) {
    case 100005: // missing code
    case 100018: // could not get the code
    case 100019: // could not exchange the code
    case 100020: // code used twice
      return 'INVALID_CODE'
    case 1002: // please log in
    case 100013: // access token invalid
    case 100014: // access token expired
    case 100015: // access token revoked
    case 100016: // access token check failed
    case 100030: // the person did not allow this API
      return 'INVALID_CREDENTIALS'
    default:
      return 'SERVER_ERROR'
  }
}

/** The contract's code for an HTTP status a provider answered with, where no body says more. */
export function httpStatusErrorCode(status: number): ErrorCode {
  if (status === 429) return 'TOO_MANY_REQUESTS'
  if (status >= 500) return 'SERVICE_UNAVAILABLE'
  if (status === 401 || status === 403) return 'INVALID_CREDENTIALS'
  return 'SERVER_ERROR'
}

/**
 * The error to throw for a provider's failure: `errorCode` for the browser, `detail` (the
 * provider's own answer) for the server log only.
 */
export function providerError(provider: string, errorCode: ErrorCode, detail: string) {
  console.warn(`[oauth] ${provider}: ${detail} (answered ${errorCode})`)
  return apiError(errorCode)
}
