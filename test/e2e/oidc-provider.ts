import { generateKeyPairSync } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import Provider from 'oidc-provider'
import { freePort } from './server-process'

/**
 * A real OpenID Provider for the tests (oidc-provider, a certified implementation), in this
 * process on a free loopback port. Its login page signs in whoever the test names with
 * `nextSignIn` and grants the scopes asked for, or refuses (`access_denied`) when told to.
 * `tamperIdTokens` rewrites the ID tokens its token endpoint hands out.
 */
export interface TestOpenIdProvider {
  issuer: string
  clientId: string
  clientSecret: string
  /** The person the next sign-in at the provider is, with the claims the provider knows of them. */
  nextSignIn: (person: PersonClaims | 'refuse') => void
  /** Rewrites every ID token the token endpoint hands out from now on (null: stop). */
  tamperIdTokens: (tamper: ((idToken: string) => string) | null) => void
  close: () => Promise<void>
}

export interface PersonClaims {
  sub: string
  email?: string
  email_verified?: boolean
  name?: string
  preferred_username?: string
  nickname?: string
}

export async function startOpenIdProvider(redirectUri: string): Promise<TestOpenIdProvider> {
  const port = await freePort()
  const issuer = `http://127.0.0.1:${port}`
  const clientId = 'community-web'
  const clientSecret = 'a-client-secret-that-is-long-enough-0123456789'
  const people = new Map<string, PersonClaims>()
  let next: PersonClaims | 'refuse' | undefined
  let tamper: ((idToken: string) => string) | null = null

  // Its own signing key, made for this run.
  const signingKey = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: `test-${port}`, use: 'sig', alg: 'RS256' }
  const provider = new Provider(issuer, {
    jwks: { keys: [signingKey as never] },
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], response_types: ['code'], grant_types: ['authorization_code'] }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username', 'nickname'] },
    cookies: { keys: ['test-provider-cookie-key'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    findAccount: (_ctx, sub) => {
      const person = people.get(sub)
      return person ? { accountId: sub, claims: () => ({ ...person }) } : undefined
    },
  })
  provider.use(async (ctx, nextMiddleware) => {
    await nextMiddleware()
    const body = ctx.body as { id_token?: string } | undefined
    if (ctx.path === '/token' && tamper && body?.id_token) body.id_token = tamper(body.id_token)
  })

  const callback = provider.callback()
  const server: Server = createServer(async (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return callback(req, res)
    try {
      const details = await provider.interactionDetails(req, res)
      if (next === 'refuse') {
        await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'the person said no' }, { mergeWithLastSubmission: false })
        return
      }
      if (details.prompt.name === 'login') {
        if (!next) throw new Error('the test named nobody to sign in')
        people.set(next.sub, next)
        await provider.interactionFinished(req, res, { login: { accountId: next.sub } }, { mergeWithLastSubmission: false })
        return
      }
      const grant = new provider.Grant({ accountId: details.session!.accountId, clientId })
      grant.addOIDCScope(String(details.params.scope))
      await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true })
    }
    catch (error) {
      res.statusCode = 500
      res.end(String(error))
    }
  })
  await new Promise<void>(resolve => server.listen(port, '127.0.0.1', resolve))

  return {
    issuer,
    clientId,
    clientSecret,
    nextSignIn: (person) => { next = person },
    tamperIdTokens: (rewrite) => { tamper = rewrite },
    close: () => new Promise(resolve => server.close(() => resolve())),
  }
}

/** Cookies per origin, as a browser keeps them (names only: paths and lifetimes do not matter here). */
export class CookieJar {
  private readonly jars = new Map<string, Map<string, string>>()

  header(address: string): string {
    return [...(this.jars.get(new URL(address).origin) ?? new Map()).entries()].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  store(address: string, response: Response): void {
    const origin = new URL(address).origin
    const jar = this.jars.get(origin) ?? new Map<string, string>()
    this.jars.set(origin, jar)
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';')
      const name = pair.slice(0, pair.indexOf('='))
      const value = pair.slice(pair.indexOf('=') + 1)
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') jar.delete(name)
      else jar.set(name, value)
    }
  }

  get(address: string, name: string): string | undefined {
    return this.jars.get(new URL(address).origin)?.get(name)
  }

  set(address: string, name: string, value: string): void {
    const origin = new URL(address).origin
    const jar = this.jars.get(origin) ?? new Map<string, string>()
    this.jars.set(origin, jar)
    jar.set(name, value)
  }
}

/** Fetches `address` without following redirects, sending and keeping the jar's cookies. */
export async function browse(jar: CookieJar, address: string): Promise<Response> {
  const cookie = jar.header(address)
  const response = await fetch(address, { redirect: 'manual', headers: cookie ? { cookie } : {} })
  jar.store(address, response)
  return response
}

/**
 * Follows redirects from `address` as a browser would, with `jar`, until one leads to `stopAt`
 * (an address prefix, not fetched) or a page that is no redirect; answers that address.
 */
export async function followUntil(jar: CookieJar, address: string, stopAt: string): Promise<string> {
  let current = address
  for (let hops = 0; hops < 20; hops++) {
    if (current.startsWith(stopAt)) return current
    const response = await browse(jar, current)
    const location = response.headers.get('location')
    if (!location) throw new Error(`${current} answered ${response.status} without a redirect: ${await response.text()}`)
    current = new URL(location, current).href
  }
  throw new Error('too many redirects')
}
