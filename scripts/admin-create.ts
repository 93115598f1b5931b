// `npm run admin:create -- --username NAME [--email ADDRESS] [--password-stdin]`: creates a super
// administrator, or makes an existing account (found by username) an active one, in the
// configured database (NUXT_DATABASE_URL), which is created and migrated first if need be.
import { parseArgs } from 'node:util'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import type { z } from 'zod'
import { emailField, usernameField } from '../server/accounts/fields'
import { ROLE_CODES, roleOf } from '../server/auth/roles'
import { createUser, findUserByUsername } from '../server/accounts/users'
import { grantSuperAdmin } from '../server/admin/accounts'
import { passwordViolations } from '../server/auth/password-policy'
import { sharedSettings } from '../server/config/settings'
import { closeDatabase } from '../server/database/db'
import { migrateDatabase } from '../server/database/migrate'
import type { User } from '../server/database/schema'
import { DEFAULT_DATABASE_URL } from '../server/database/url'
import { textIn } from '../server/i18n/messages'
import { isApiError } from '../server/utils/errors'
import { askPassword, readPasswordFromStdin } from './read-password'

const USAGE = `Usage: npm run admin:create -- --username NAME [--email ADDRESS] [--password-stdin]

Creates a super administrator, or promotes the existing account NAME (and enables it).
The password of a new account is asked on the terminal (not echoed), or read from stdin
with --password-stdin. The database is NUXT_DATABASE_URL (default ${DEFAULT_DATABASE_URL}).`

/** A failure to report in one line, with the exit code to leave with. */
class Refusal extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message)
  }
}

function parseOptions() {
  try {
    const { values } = parseArgs({
      options: {
        'username': { type: 'string' },
        'email': { type: 'string' },
        'password-stdin': { type: 'boolean', default: false },
        'help': { type: 'boolean', short: 'h', default: false },
      },
    })
    if (values.help) {
      console.log(USAGE)
      process.exit(0)
    }
    if (!values.username) throw new Error('--username is required')
    return { username: values.username, email: values.email, passwordStdin: values['password-stdin'] }
  }
  catch (error) {
    throw new Refusal(`${(error as Error).message}\n\n${USAGE}`, 2)
  }
}

async function promote(user: User, email: string | undefined): Promise<string> {
  if (email !== undefined && email !== user.email?.toLowerCase()) {
    throw new Refusal(`Account ${user.username} exists with another email address (${user.email ?? 'none'}); leave out --email to promote it.`)
  }
  if (roleOf(user) === 'super_admin' && user.status === 'active') return `${user.username} (id ${user.id}) is already an active super administrator.`
  await grantSuperAdmin(user.id)
  const enabled = user.status === 'disabled' ? ', and enabled it again' : ''
  return `Promoted ${user.username} (id ${user.id}) to super administrator${enabled}; the password is unchanged.`
}

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) return readPasswordFromStdin()
  if (!process.stdin.isTTY) throw new Refusal('No terminal to ask the password on: pipe it in with --password-stdin.')
  const password = await askPassword('Password: ')
  if (await askPassword('Repeat the password: ') !== password) throw new Refusal('The passwords differ.')
  return password
}

/** `value` checked by the server's own field rule. */
function field<T extends z.ZodType>(rule: T, value: string, what: string): z.output<T> {
  const result = rule.safeParse(value)
  if (!result.success) throw new Refusal(`Not a valid ${what}: ${value}`)
  return result.data
}

async function create(username: string, email: string | undefined, passwordStdin: boolean): Promise<string> {
  username = field(usernameField, username, 'username (3–50 letters, digits, _ - or ., not all digits)')
  const password = await readPassword(passwordStdin)
  const violations = passwordViolations(password, { username, email })
  if (violations.length) throw new Refusal(`Password refused: ${violations.map(code => textIn('en', code)).join('; ')}.`)
  try {
    const user = await createUser({ username, email, userRole: ROLE_CODES.super_admin }, password)
    return `Created super administrator ${username} (id ${user.id}).`
  }
  catch (error) {
    if (!isApiError(error, 'USERNAME_ALREADY_EXISTS', 'EMAIL_ALREADY_EXISTS')) throw error
    throw new Refusal('The username or the email address is already taken by another account.')
  }
}

async function main(): Promise<string> {
  const { username, email: givenEmail, passwordStdin } = parseOptions()
  const email = givenEmail === undefined ? undefined : field(emailField, givenEmail, 'email address')
  await migrateDatabase(sharedSettings().databaseUrl, readMigrationFiles({ migrationsFolder: new URL('../drizzle', import.meta.url).pathname }))
  try {
    const existing = await findUserByUsername(username.trim())
    return existing ? await promote(existing, email) : await create(username, email, passwordStdin)
  }
  finally {
    await closeDatabase()
  }
}

try {
  console.log(await main())
}
catch (error) {
  console.error(`admin:create: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = error instanceof Refusal ? error.exitCode : 1
}
