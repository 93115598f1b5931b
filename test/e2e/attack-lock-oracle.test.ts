import { describe, expect, it } from 'vitest'
import { api, expectFailure, login, registerUser, startApp, uniqueName } from './support'

const WRONG = 'not the password at all'

/** `name` with its first letter written full-width (ａ for a): the same name to the database's collation. */
function fullWidthFirst(name: string): string {
  return String.fromCodePoint(name.codePointAt(0)! - 0x61 + 0xFF41) + name.slice(1)
}

async function failTimes(identifier: string, times: number) {
  for (let attempt = 1; attempt <= times; attempt++) {
    expectFailure(await login(identifier, WRONG), 401, 'INVALID_CREDENTIALS')
  }
}

describe('attack: the login lock tells which accounts exist', async () => {
  await startApp()

  it('locks a known account named full-width, as the database finds it', async () => {
    const username = uniqueName('alice')
    await registerUser({ username })
    await failTimes(fullWidthFirst(username), 5)
    expectFailure(await login(username, WRONG), 429, 'TOO_MANY_REQUESTS')
  })

  it('locks an unknown name named full-width exactly alike, so a 429 tells nothing', async () => {
    const stranger = uniqueName('nobody')
    await failTimes(fullWidthFirst(stranger), 5)
    expectFailure(await login(stranger, WRONG), 429, 'TOO_MANY_REQUESTS')
  })

  it('locks an unknown name alike under every spelling the database takes for it: case, width, accents', async () => {
    const stranger = uniqueName('nobody')
    const spellings = [stranger.toUpperCase(), fullWidthFirst(stranger), `nó${stranger.slice(2)}`, `Ｎ${stranger.slice(1)}`, stranger]
    for (const spelling of spellings.slice(0, 5)) await failTimes(spelling, 1)
    for (const spelling of spellings) expectFailure(await login(spelling, WRONG), 429, 'TOO_MANY_REQUESTS')
  })

  it('does not lock a name the database tells apart', async () => {
    const stranger = uniqueName('nobody')
    await failTimes(stranger, 5)
    expectFailure(await login(stranger, WRONG), 429, 'TOO_MANY_REQUESTS')
    const response = await api('/api/auth/login', { body: { username: `${stranger}x`, password: WRONG } })
    expectFailure(response, 401, 'INVALID_CREDENTIALS')
    expect(response.headers.get('retry-after')).toBeNull()
  })

  it('tells apart characters outside the BMP, as the database does', async () => {
    const stranger = uniqueName('nobody')
    await failTimes(`${stranger}\u{1F600}`, 5)
    expectFailure(await login(`${stranger}\u{1F600}`, WRONG), 429, 'TOO_MANY_REQUESTS')
    expectFailure(await login(`${stranger}\u{1F601}`, WRONG), 401, 'INVALID_CREDENTIALS')
  })
})
