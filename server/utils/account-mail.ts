import type { H3Event } from 'h3'
import type { User } from '../database/schema'

/** Issues a fresh email-verification code for the account's address and mails it there. */
export async function mailVerificationCode(event: H3Event, user: User & { email: string }): Promise<void> {
  const code = await issueCode(user.id, 'verify_email', user.email)
  sendMail(event, user.email, {
    kind: 'verifyEmail',
    username: user.username,
    code,
    link: siteLink(event, '/verify-email', { email: user.email }),
    minutes: CODE_LIFETIME_MINUTES,
  })
}

/** Issues a fresh password-reset code and mails it to the account's address. */
export async function mailResetCode(event: H3Event, user: User & { email: string }): Promise<void> {
  const code = await issueCode(user.id, 'reset_password', user.email)
  sendMail(event, user.email, {
    kind: 'resetPassword',
    username: user.username,
    code,
    link: siteLink(event, '/reset-password', { email: user.email }),
    minutes: CODE_LIFETIME_MINUTES,
  })
}

/** Tells the account's owner that its password changed, where a stranger's change can be undone. */
export function mailPasswordChanged(event: H3Event, user: User): void {
  if (!user.email) return
  sendMail(event, user.email, {
    kind: 'passwordChanged',
    username: user.username,
    at: new Date().toISOString().replace('T', ' ').slice(0, 19),
    ip: clientAddress(event) ?? '-',
    link: siteLink(event, '/forgot-password'),
  })
}

/** Whether the user has an email address (narrowing `user.email` to a string). */
export function hasEmail<T extends User>(user: T): user is T & { email: string } {
  return Boolean(user.email)
}
