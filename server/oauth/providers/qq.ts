import { joinAddress } from '../endpoints'
import { providerError, qqErrorCode } from '../failures'
import { callProvider, fieldsOf, textOf, type ProviderAnswer } from '../http'
import type { OAuthProvider, ProviderProfile } from '../provider'
import type { QqSettings } from '../settings'

/*
 * QQ Connect (QQ互联), website login: `oauth2.0/authorize`, `oauth2.0/token` for the code,
 * `oauth2.0/me` for the person's openid, `user/get_user_info` for the nickname. The OAuth
 * endpoints are asked for JSON (`fmt=json`; older answers come as `callback( … );`, which is read
 * too) and fail with `{ error, error_description }`; the OpenAPI fails with `{ ret, msg }`. Both
 * are mapped by `qqErrorCode`. QQ takes no PKCE and gives no email address.
 */

/** A QQ answer's fields, or the contract's error for its `error` / non-zero `ret`. */
function qqFields(step: string, answer: ProviderAnswer): Record<string, unknown> {
  if (answer.json === undefined || answer.status >= 400) {
    throw providerError('qq', answer.status >= 500 ? 'SERVICE_UNAVAILABLE' : 'SERVER_ERROR', `${step} answered HTTP ${answer.status}`)
  }
  const fields = fieldsOf(answer.json)
  const code = Number(fields.error ?? fields.ret ?? 0)
  if (code !== 0 || Number.isNaN(code)) {
    throw providerError('qq', qqErrorCode(code), `${step} error ${String(fields.error ?? fields.ret)}: ${textOf(fields.error_description) ?? textOf(fields.msg) ?? ''}`)
  }
  return fields
}

export function qqProvider(settings: QqSettings): OAuthProvider {
  const endpoint = (path: string, query: Record<string, string>) => {
    const url = new URL(joinAddress(settings.baseUrl, path))
    url.search = new URLSearchParams(query).toString()
    return url
  }
  return {
    id: 'qq',
    name: 'QQ',
    async authorizationUrl(flow, callbackUrl) {
      return endpoint('oauth2.0/authorize', { response_type: 'code', client_id: settings.appId, redirect_uri: callbackUrl, state: flow.state, scope: 'get_user_info' })
    },
    async identify(query, _flow, callbackUrl): Promise<ProviderProfile> {
      const code = query.get('code')
      if (!code) throw providerError('qq', 'INVALID_CREDENTIALS', 'came back without a code (the person refused)')

      const token = qqFields('token', await callProvider('qq', endpoint('oauth2.0/token', {
        grant_type: 'authorization_code', client_id: settings.appId, client_secret: settings.appKey, code, redirect_uri: callbackUrl, fmt: 'json',
      })))
      const accessToken = textOf(token.access_token)
      if (!accessToken) throw providerError('qq', 'SERVER_ERROR', 'token answered no access_token')

      const me = qqFields('me', await callProvider('qq', endpoint('oauth2.0/me', { access_token: accessToken, fmt: 'json' })))
      const openid = textOf(me.openid)
      if (!openid) throw providerError('qq', 'SERVER_ERROR', 'me answered no openid')
      // A token issued to another app must not sign anyone in here.
      if (textOf(me.client_id) !== settings.appId) throw providerError('qq', 'INVALID_CREDENTIALS', 'me answered for another app id')

      const user = qqFields('get_user_info', await callProvider('qq', endpoint('user/get_user_info', { access_token: accessToken, oauth_consumer_key: settings.appId, openid })))
      const nickname = textOf(user.nickname)
      return { key: openid, name: nickname, usernameHints: nickname ? [nickname] : [], email: null, emailVerified: false }
    },
  }
}
