// `npm run admin:create -- --username NAME [--email ADDRESS] [--password-stdin]`: creates a super
// administrator, or makes an existing account (found by username) an active one, in the
// configured database (NUXT_DATABASE_URL), which is created and migrated first if need be.
import { parseArgs } from 'node:util'
import bcrypt from 'bcryptjs'
import { eq } from 'drizzle-orm'
import { drizzle, type MySql2Database } from 'drizzle-orm/mysql2'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import mysql from 'mysql2/promise'
import type { z } from 'zod'
import { DEFAULT_DATABASE_URL } from '../server/database/defaults'
import { migrateDatabase } from '../server/database/migrate'
import * as schema from '../server/database/schema'
import { passwordViolations } from '../server/utils/password'
import { emailField, usernameField } from '../server/utils/validation'
import { askPassword, readPasswordFromStdin } from './read-password'

const USAGE = `Usage: npm run admin:create -- --username NAME [--email ADDRESS] [--password-stdin]

Creates a super administrator, or promotes the existing account NAME (and enables it).
The password of a new account is asked on the terminal (not echoed), or read from stdin
with --password-stdin. The database is NUXT_DATABASE_URL (default ${DEFAULT_DATABASE_URL}).`

const VIOLATIONS: Record<string, string> = {
  tooShort: 'it is shorter than 8 bytes',
  tooLong: 'it is longer than 72 bytes',
  common: 'it is one of the most common passwords',
  sameAsUsername: 'it is the username',
  sameAsEmail: 'it is the email address',
}

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

type Database = MySql2Database<typeof schema>

async function promote(db: Database, user: schema.User, email: string | undefined): Promise<string> {
  if (email !== undefined && email !== user.email?.toLowerCase()) {
    throw new Refusal(`Account ${user.username} exists with another email address (${user.email ?? 'none'}); leave out --email to promote it.`)
  }
  if (user.userRole === 0 && user.status === 'active') return `${user.username} (id ${user.id}) is already an active super administrator.`
  await db.update(schema.users).set({ userRole: 0, status: 'active' }).where(eq(schema.users.id, user.id))
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

async function create(db: Database, username: string, email: string | undefined, passwordStdin: boolean): Promise<string> {
  username = field(usernameField, username, 'username (3–50 letters, digits, _ - or ., not all digits)')
  const password = await readPassword(passwordStdin)
  const violations = passwordViolations(password, { username, email })
  if (violations.length) throw new Refusal(`Password refused: ${violations.map(code => VIOLATIONS[code] ?? code).join('; ')}.`)
  const cost = Number(process.env.NUXT_BCRYPT_COST) || 10
  try {
    const [result] = await db.insert(schema.users).values({ username, email, password: await bcrypt.hash(password, cost), userRole: 0 })
    return `Created super administrator ${username} (id ${result.insertId}).`
  }
  catch (error) {
    if (!isDuplicateKey(error)) throw error
    throw new Refusal('The username or the email address is already taken by another account.')
  }
}

function isDuplicateKey(error: unknown): boolean {
  for (let current = error; current; current = (current as { cause?: unknown }).cause) {
    if ((current as { code?: unknown }).code === 'ER_DUP_ENTRY') return true
  }
  return false
}

async function main(): Promise<string> {
  const { username, email: givenEmail, passwordStdin } = parseOptions()
  const email = givenEmail === undefined ? undefined : field(emailField, givenEmail, 'email address')
  const databaseUrl = process.env.NUXT_DATABASE_URL || DEFAULT_DATABASE_URL
  await migrateDatabase(databaseUrl, readMigrationFiles({ migrationsFolder: new URL('../drizzle', import.meta.url).pathname }))
  const connection = await mysql.createConnection({ uri: databaseUrl, timezone: 'Z', connectTimeout: 5000 })
  try {
    const db = drizzle(connection, { schema, mode: 'default' })
    const [existing] = await db.select().from(schema.users).where(eq(schema.users.username, username.trim())).limit(1)
    return existing ? await promote(db, existing, email) : await create(db, username, email, passwordStdin)
  }
  finally {
    await connection.end()
  }
}

try {
  console.log(await main())
}
catch (error) {
  console.error(`admin:create: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = error instanceof Refusal ? error.exitCode : 1
}
