import { joinAddress } from '../endpoints'
import { providerError, wechatErrorCode } from '../failures'
import { callProvider, fieldsOf, textOf, type ProviderAnswer } from '../http'
import type { OAuthProvider, ProviderProfile } from '../provider'
import type { WechatSettings } from '../settings'

/*
 * WeChat Open Platform, website login (网站应用微信登录): the QR code page `connect/qrconnect`
 * (scope `snsapi_login`), then `sns/oauth2/access_token` for the code and `sns/userinfo` for the
 * profile. Not OAuth as the RFC writes it: the secret goes in the query, answers may come as
 * text/plain, and failures are `{ errcode, errmsg }`, mapped by `wechatErrorCode`. A person who
 * refuses is sent back with `state` and no `code`. WeChat takes no PKCE.
 */

/** A WeChat answer's fields, or the contract's error for its `errcode` (or for no JSON at all). */
function wechatFields(step: string, answer: ProviderAnswer): Record<string, unknown> {
  const fields = fieldsOf(answer.json)
  if (answer.json === undefined || answer.status >= 400) {
    throw providerError('wechat', answer.status >= 500 ? 'SERVICE_UNAVAILABLE' : 'SERVER_ERROR', `${step} answered HTTP ${answer.status}`)
  }
  const errcode = Number(fields.errcode ?? 0)
  if (errcode !== 0) throw providerError('wechat', wechatErrorCode(errcode), `${step} errcode ${errcode}: ${textOf(fields.errmsg) ?? ''}`)
  return fields
}

export function wechatProvider(settings: WechatSettings): OAuthProvider {
  return {
    id: 'wechat',
    name: 'WeChat',
    async authorizationUrl(flow, callbackUrl) {
      const url = new URL(joinAddress(settings.openUrl, 'connect/qrconnect'))
      url.search = new URLSearchParams({ appid: settings.appId, redirect_uri: callbackUrl, response_type: 'code', scope: 'snsapi_login', state: flow.state }).toString()
      url.hash = 'wechat_redirect'
      return url
    },
    async identify(query): Promise<ProviderProfile> {
      const code = query.get('code')
      if (!code) throw providerError('wechat', 'INVALID_CREDENTIALS', 'came back without a code (the person refused)')

      const tokenUrl = new URL(joinAddress(settings.apiUrl, 'sns/oauth2/access_token'))
      tokenUrl.search = new URLSearchParams({ appid: settings.appId, secret: settings.appSecret, code, grant_type: 'authorization_code' }).toString()
      const token = wechatFields('access_token', await callProvider('wechat', tokenUrl))
      const accessToken = textOf(token.access_token)
      const openid = textOf(token.openid)
      if (!accessToken || !openid) throw providerError('wechat', 'SERVER_ERROR', 'access_token answered no access_token or openid')

      const userinfoUrl = new URL(joinAddress(settings.apiUrl, 'sns/userinfo'))
      userinfoUrl.search = new URLSearchParams({ access_token: accessToken, openid, lang: 'zh_CN' }).toString()
      const user = wechatFields('userinfo', await callProvider('wechat', userinfoUrl))
      if (textOf(user.openid) !== openid) throw providerError('wechat', 'INVALID_CREDENTIALS', 'userinfo answered for another openid')

      const nickname = textOf(user.nickname)
      return {
        // The unionid is the same person across the site owner's WeChat apps; else the openid (this app only).
        key: textOf(user.unionid) ?? textOf(token.unionid) ?? openid,
        name: nickname,
        usernameHints: nickname ? [nickname] : [],
        email: null,
        emailVerified: false,
      }
    },
  }
}
