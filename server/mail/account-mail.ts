import { getRequestHeader, type H3Event } from 'h3'
import { CODE_LIFETIME_MINUTES, hasRecentCode, issueCode, type CodePurpose } from '../accounts/codes'
import { hasEmail } from '../accounts/users'
import { siteLink } from '../config/site'
import type { User } from '../database/schema'
import { clientAddress } from '../security/client-address'
import { mayMailTo } from '../security/rate-limit'
import { maskAddress, sendMail } from './transport'

/* The mails an account gets (a code, a changed password or email): what to say and where it links to. */

/** A user with an address to mail. */
export type MailableUser = User & { email: string }

const CODE_MAILS = {
  verify_email: { kind: 'verifyEmail', page: '/verify-email' },
  reset_password: { kind: 'resetPassword', page: '/reset-password' },
} as const

/**
 * Issues a fresh code of `purpose` for the account's address and mails it there, with the
 * one-click link that needs nothing typed (its token) and the page where the code is typed.
 */
export async function mailCode(event: H3Event, user: MailableUser, purpose: CodePurpose): Promise<void> {
  const { code, token } = await issueCode(user.id, purpose, user.email)
  const { kind, page } = CODE_MAILS[purpose]
  sendMail(event, user.email, {
    kind,
    username: user.username,
    code,
    oneClickLink: siteLink(page, { token }, event),
    link: siteLink(page, { email: user.email }, event),
    minutes: CODE_LIFETIME_MINUTES,
  })
}

/** A reminder mails a fresh code at most this often. */
const REMINDER_INTERVAL_SECONDS = 60

/**
 * Mails a fresh verification code to someone who cannot sign in until they verify (a login
 * refused with `EMAIL_NOT_VERIFIED`): at most once a minute, and within the recipient's limit.
 */
export async function remindVerificationCode(event: H3Event, user: MailableUser): Promise<void> {
  if (await hasRecentCode(user.id, 'verify_email', REMINDER_INTERVAL_SECONDS)) return
  if (await mayMailTo(user.email)) await mailCode(event, user, 'verify_email')
}

/** Tells the account's owner that its password changed, where a stranger's change can be undone. */
export function mailPasswordChanged(event: H3Event, user: User): void {
  if (!hasEmail(user)) return
  sendMail(event, user.email, {
    kind: 'passwordChanged',
    username: user.username,
    at: now(),
    ip: clientAddress(event) ?? '-',
    link: siteLink('/forgot-password', {}, event),
  })
}

/**
 * Tells the address an account had (`user` as it was before the change) that its email moved
 * to `newEmail` (`null`: removed), from which device and address. No code and no link that
 * acts: only the way to the profile, where the owner signs in and puts it back. The new address
 * is masked: the owner knows theirs by it, and an old shared or work mailbox learns nothing to use.
 */
export function mailEmailChanged(event: H3Event, user: User, newEmail: string | null): void {
  if (!hasEmail(user)) return
  sendMail(event, user.email, {
    kind: 'emailChanged',
    username: user.username,
    newEmail: newEmail && maskAddress(newEmail),
    at: now(),
    ip: clientAddress(event) ?? '-',
    userAgent: getRequestHeader(event, 'user-agent') ?? null,
    link: siteLink('/profile', {}, event),
  })
}

/** Now, as the mails say it: `2026-01-31 08:15:00` (UTC). */
function now(): string {
  return new Date().toISOString().replace('T', ' ').slice(0, 19)
}
