import { spawn, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import mysql from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { GOOD_PASSWORD, JWT_SECRET } from './support'
import { type ServerProcess, spawnServer } from './server-process'

const rootDir = fileURLToPath(new URL('../..', import.meta.url))
const TSX = `${rootDir}node_modules/.bin/tsx`
/** A database no one has created yet: the command must create and migrate it. */
const databaseUrl = `${inject('databaseUrl')}_cli`
const hasScript = spawnSync('script', ['--version']).status === 0

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs a command with the test database configured, `input` on its stdin. */
function run(command: string, args: string[], input = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: rootDir, env: { ...process.env, NUXT_DATABASE_URL: databaseUrl } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', chunk => (stdout += chunk))
    child.stderr.on('data', chunk => (stderr += chunk))
    child.on('error', reject)
    child.on('exit', code => resolve({ code, stdout, stderr }))
    child.stdin.end(input)
  })
}

function adminCreate(args: string[], password?: string): Promise<Run> {
  return run(TSX, ['scripts/admin-create.ts', ...args], password === undefined ? '' : `${password}\n`)
}

/**
 * Runs admin:create on a pseudo-terminal (util-linux `script`), typing each answer once its
 * prompt shows, and answers everything the terminal showed.
 */
function adminCreateOnTerminal(args: string[], answers: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const command = [TSX, 'scripts/admin-create.ts', ...args].map(part => `'${part}'`).join(' ')
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: rootDir, env: { ...process.env, NUXT_DATABASE_URL: databaseUrl } })
    let stdout = ''
    const pending = [...answers]
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      if (pending.length && /password: $/i.test(stdout)) child.stdin.write(`${pending.shift()}\r`)
    })
    child.on('error', reject)
    child.on('exit', code => resolve({ code, stdout, stderr: '' }))
  })
}

describe('npm run admin:create', () => {
  let connection: mysql.Connection
  let server: ServerProcess

  async function userByName(username: string): Promise<mysql.RowDataPacket | undefined> {
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT * FROM users WHERE username = ?', [username])
    return rows[0]
  }

  function post(path: string, body: unknown) {
    return fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  }

  function adminList(token: string) {
    return fetch(`${server.url}/api/admin/users`, { headers: { authorization: `Bearer ${token}` } })
  }

  beforeAll(async () => {
    const server = await mysql.createConnection(inject('serverUrl'))
    const [rows] = await server.query<mysql.RowDataPacket[]>('SHOW DATABASES LIKE ?', [new URL(databaseUrl).pathname.slice(1)])
    await server.end()
    expect(rows).toEqual([])
  })

  afterAll(async () => {
    await server?.stop()
    await connection?.end()
  })

  it('creates the first super admin on a database that does not exist yet', async () => {
    const result = await run('npm', ['run', '--silent', 'admin:create', '--', '--username', 'first_admin', '--email', 'First@Example.com', '--password-stdin'], `${GOOD_PASSWORD}\n`)
    expect(result.stderr.replace(/^npm warn.*\n/gm, '')).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Created super administrator first_admin')
    connection = await mysql.createConnection({ uri: databaseUrl, timezone: 'Z' })
    const row = await userByName('first_admin')
    expect(row).toMatchObject({ user_role: 0, status: 'active', email: 'first@example.com' })
    expect(row!.password).toMatch(/^\$2[aby]\$10\$/)
    expect(row!.password).not.toContain(GOOD_PASSWORD)
  })

  it('made an admin the server logs in, with the password given and the right to the admin API', async () => {
    server = await spawnServer({ NUXT_JWT_SECRET: JWT_SECRET, NUXT_DATABASE_URL: databaseUrl, NUXT_AUTH_RATE_LIMIT: '0' })
    await expect.poll(async () => (await post('/api/auth/login', { username: 'first_admin', password: GOOD_PASSWORD })).json(), { timeout: 15_000 })
      .toMatchObject({ success: true, data: { user: { username: 'first_admin', role: 'super_admin', status: 'active' } } })
    const { data } = await (await post('/api/auth/login', { username: 'first@example.com', password: GOOD_PASSWORD })).json()
    const list = await adminList(data.token)
    expect(list.status).toBe(200)
    expect((await list.json()).data).toMatchObject({ total: 1, records: [{ username: 'first_admin', role: 'super_admin' }] })
  })

  it('promotes an existing account, keeping its password, with effect on its open session at once', async () => {
    const registered = await (await post('/api/auth/register', { username: 'later_admin', password: GOOD_PASSWORD })).json()
    expect((await adminList(registered.data.token)).status).toBe(403)
    const before = await userByName('later_admin')

    const result = await adminCreate(['--username', 'LATER_ADMIN'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Promoted later_admin')
    expect(await userByName('later_admin')).toMatchObject({ user_role: 0, status: 'active', password: before!.password })
    expect((await adminList(registered.data.token)).status).toBe(200)
  })

  it('enables a disabled account it promotes, and says when there is nothing to do', async () => {
    await connection.query('UPDATE users SET user_role = 1, status = \'disabled\' WHERE username = \'later_admin\'')
    const result = await adminCreate(['--username', 'later_admin', '--password-stdin'], 'ignored when promoting')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('enabled it again')
    expect(await userByName('later_admin')).toMatchObject({ user_role: 0, status: 'active' })
    const again = await adminCreate(['--username', 'later_admin'])
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('already an active super administrator')
  })

  it('refuses to promote an account whose email differs from --email', async () => {
    const result = await adminCreate(['--username', 'first_admin', '--email', 'someone-else@example.com'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('another email address')
    expect((await userByName('first_admin'))!.email).toBe('first@example.com')
  })

  it.each([
    ['a common password', 'password', 'one of the most common passwords'],
    ['a short password', 'short', 'shorter than 8 bytes'],
    ['the username as password', 'weak_admin_name', 'it is the username'],
    ['a password over 72 bytes', 'x'.repeat(73), 'longer than 72 bytes'],
  ])('refuses %s with a clear message and a non-zero exit, creating nothing', async (_, password, message) => {
    const result = await adminCreate(['--username', 'weak_admin_name', '--password-stdin'], password)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('Password refused')
    expect(result.stderr).toContain(message)
    expect(await userByName('weak_admin_name')).toBeUndefined()
  })

  it.each([
    ['no --username', ['--password-stdin'], 2, '--username is required'],
    ['an unknown option', ['--username', 'x_admin', '--role', 'root'], 2, 'Unknown option'],
    ['an invalid username', ['--username', '12345', '--password-stdin'], 1, 'Not a valid username'],
    ['an invalid email', ['--username', 'mail_admin', '--email', 'not-an-email', '--password-stdin'], 1, 'Not a valid email'],
    ['a taken email', ['--username', 'mail_admin', '--email', 'FIRST@example.com', '--password-stdin'], 1, 'already taken'],
    ['no terminal and no --password-stdin', ['--username', 'tty_less_admin'], 1, '--password-stdin'],
  ])('refuses %s', async (_, args, code, message) => {
    const result = await adminCreate(args, GOOD_PASSWORD)
    expect(result.code).toBe(code)
    expect(result.stderr).toContain(message)
    expect(await userByName('mail_admin')).toBeUndefined()
    expect(await userByName('tty_less_admin')).toBeUndefined()
  })

  it.skipIf(!hasScript)('asks the password twice on a terminal without echoing it', async () => {
    const typed = 'typed on a terminal 42'
    const result = await adminCreateOnTerminal(['--username', 'tty_admin'], [typed, typed])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Repeat the password')
    expect(result.stdout).toContain('Created super administrator tty_admin')
    expect(result.stdout).not.toContain(typed)
    const login = await post('/api/auth/login', { username: 'tty_admin', password: typed })
    expect(login.status).toBe(200)
  })

  it.skipIf(!hasScript)('refuses two different answers on the terminal', async () => {
    const result = await adminCreateOnTerminal(['--username', 'tty_admin2'], ['first answer is this', 'second answer differs'])
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('The passwords differ')
    expect(await userByName('tty_admin2')).toBeUndefined()
  })
})
