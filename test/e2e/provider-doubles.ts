import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { freePort } from './server-process'

/*
 * Local stand-ins for GitHub, WeChat and QQ Connect, answering as their published documentation
 * says, successes and failures alike. A test names what each authorization code leads to with
 * `scenario(code, …)`; the access token the double hands out for a code leads back to it.
 */

export interface GithubScenario {
  /** The token endpoint's error (GitHub answers it with HTTP 200). */
  tokenError?: string
  user?: { id: number, login: string, name?: string | null, email?: string | null }
  emails?: { email: string, primary: boolean, verified: boolean }[]
  /** An HTTP status for `/user` other than 200. */
  userStatus?: number
}

export interface WechatScenario {
  tokenErrcode?: number
  userinfoErrcode?: number
  openid?: string
  unionid?: string
  nickname?: string
}

export interface QqScenario {
  tokenError?: number
  meClientId?: string
  openid?: string
  ret?: number
  nickname?: string
}

export interface ReceivedRequest { path: string, query: URLSearchParams, body: URLSearchParams, headers: IncomingMessage['headers'] }

export async function startProviderDoubles(credentials: { githubClientId: string, githubClientSecret: string, wechatAppId: string, wechatSecret: string, qqAppId: string, qqAppKey: string }) {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const github = new Map<string, GithubScenario>()
  const wechat = new Map<string, WechatScenario>()
  const qq = new Map<string, QqScenario>()
  const received: ReceivedRequest[] = []

  const json = (res: ServerResponse, status: number, value: unknown, type = 'application/json; charset=utf-8') => {
    res.writeHead(status, { 'content-type': type })
    res.end(JSON.stringify(value))
  }

  async function githubAnswer(req: IncomingMessage, res: ServerResponse, path: string, body: URLSearchParams) {
    if (path === '/github/login/oauth/access_token' && req.method === 'POST') {
      const basic = Buffer.from(`${credentials.githubClientId}:${credentials.githubClientSecret}`).toString('base64')
      if (req.headers.authorization !== `Basic ${basic}`) return json(res, 200, { error: 'incorrect_client_credentials', error_description: 'The client_id and/or client_secret passed are incorrect.' })
      const scenario = github.get(body.get('code') ?? '')
      if (!scenario) return json(res, 200, { error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.', error_uri: 'https://docs.github.com/apps/troubleshooting' })
      if (scenario.tokenError) return json(res, 200, { error: scenario.tokenError, error_description: 'refused by the double' })
      return json(res, 200, { access_token: `gho_${body.get('code')}`, token_type: 'bearer', scope: 'read:user,user:email' })
    }
    const token = /^Bearer gho_(.+)$/.exec(req.headers.authorization ?? '')?.[1]
    const scenario = token ? github.get(token) : undefined
    if (!scenario) return json(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' })
    if (path === '/github/api/v3/user') {
      if (scenario.userStatus) return json(res, scenario.userStatus, { message: 'Server Error' })
      return json(res, 200, { login: scenario.user!.login, id: scenario.user!.id, type: 'User', name: scenario.user!.name ?? null, email: scenario.user!.email ?? null })
    }
    if (path === '/github/api/v3/user/emails') return json(res, 200, (scenario.emails ?? []).map(entry => ({ ...entry, visibility: entry.primary ? 'private' : null })))
    return json(res, 404, { message: 'Not Found' })
  }

  function wechatAnswer(res: ServerResponse, path: string, query: URLSearchParams) {
    // WeChat answers JSON as text/plain.
    const answer = (value: unknown) => json(res, 200, value, 'text/plain')
    if (path === '/wechat-api/sns/oauth2/access_token') {
      if (query.get('appid') !== credentials.wechatAppId || query.get('secret') !== credentials.wechatSecret) return answer({ errcode: 40125, errmsg: 'invalid appsecret' })
      if (query.get('grant_type') !== 'authorization_code') return answer({ errcode: 40002, errmsg: 'invalid grant_type' })
      const scenario = wechat.get(query.get('code') ?? '')
      if (!scenario) return answer({ errcode: 40029, errmsg: 'invalid code' })
      if (scenario.tokenErrcode) return answer({ errcode: scenario.tokenErrcode, errmsg: 'refused by the double' })
      return answer({ access_token: `wx_${query.get('code')}`, expires_in: 7200, refresh_token: 'refresh', openid: scenario.openid, scope: 'snsapi_login', ...(scenario.unionid ? { unionid: scenario.unionid } : {}) })
    }
    if (path === '/wechat-api/sns/userinfo') {
      const scenario = wechat.get(query.get('access_token')?.replace(/^wx_/, '') ?? '')
      if (!scenario) return answer({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' })
      if (query.get('openid') !== scenario.openid) return answer({ errcode: 40003, errmsg: 'invalid openid' })
      if (scenario.userinfoErrcode) return answer({ errcode: scenario.userinfoErrcode, errmsg: 'refused by the double' })
      return answer({ openid: scenario.openid, nickname: scenario.nickname, sex: 1, province: '广东', city: '广州', country: '中国', headimgurl: 'https://thirdwx.qlogo.cn/x/0', privilege: [], ...(scenario.unionid ? { unionid: scenario.unionid } : {}) })
    }
    return json(res, 404, { errcode: 404, errmsg: 'not found' })
  }

  function qqAnswer(res: ServerResponse, path: string, query: URLSearchParams) {
    if (path === '/qq/oauth2.0/token') {
      if (query.get('client_id') !== credentials.qqAppId) return json(res, 200, { error: 100008, error_description: 'client id is illegal' })
      if (query.get('client_secret') !== credentials.qqAppKey) return json(res, 200, { error: 100009, error_description: 'client secret is illegal' })
      const scenario = qq.get(query.get('code') ?? '')
      if (!scenario) return json(res, 200, { error: 100019, error_description: 'code to access token error' })
      if (scenario.tokenError) return json(res, 200, { error: scenario.tokenError, error_description: 'refused by the double' })
      return json(res, 200, { access_token: `qq_${query.get('code')}`, expires_in: '7776000', refresh_token: 'refresh' })
    }
    const scenario = qq.get(query.get('access_token')?.replace(/^qq_/, '') ?? '')
    if (path === '/qq/oauth2.0/me') {
      // The historical JSONP answer, which QQ still sends to clients that do not ask for JSON.
      res.writeHead(200, { 'content-type': 'text/html' })
      if (!scenario) return res.end('callback( {"error":100016,"error_description":"access token check failed"} );\n')
      return res.end(`callback( ${JSON.stringify({ client_id: scenario.meClientId ?? credentials.qqAppId, openid: scenario.openid })} );\n`)
    }
    if (path === '/qq/user/get_user_info') {
      if (!scenario || query.get('openid') !== scenario.openid || query.get('oauth_consumer_key') !== credentials.qqAppId) return json(res, 200, { ret: 1002, msg: '请先登录' })
      if (scenario.ret) return json(res, 200, { ret: scenario.ret, msg: 'refused by the double' })
      return json(res, 200, { ret: 0, msg: '', is_lost: 0, nickname: scenario.nickname, gender: '男', figureurl: 'http://qzapp.qlogo.cn/x/30', figureurl_qq_1: 'http://thirdqq.qlogo.cn/x/40' })
    }
    return json(res, 404, { ret: -1, msg: 'not found' })
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', chunk => chunks.push(chunk)).on('end', () => {
      const url = new URL(req.url!, base)
      const body = new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
      received.push({ path: url.pathname, query: url.searchParams, body, headers: req.headers })
      if (url.pathname.startsWith('/github/')) return void githubAnswer(req, res, url.pathname, body)
      if (url.pathname.startsWith('/wechat-api/')) return wechatAnswer(res, url.pathname, url.searchParams)
      if (url.pathname.startsWith('/qq/')) return qqAnswer(res, url.pathname, url.searchParams)
      json(res, 404, {})
    })
  })
  await new Promise<void>(resolve => server.listen(port, '127.0.0.1', resolve))
  return {
    base,
    github,
    wechat,
    qq,
    received,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  }
}
