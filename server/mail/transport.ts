import type { H3Event } from 'h3'
import type { Transporter } from 'nodemailer'
import type SMTPPool from 'nodemailer/lib/smtp-pool'
import { preferredLanguage } from '../i18n/messages'
import { renderMail, type MailContent } from './templates'

let transport: Promise<Transporter> | undefined
let warnedAboutLog = false

/**
 * Sends `mail` to `to` in the request's language, in the background: the caller never waits
 * for the mail server, and a failure is logged, never answered, so no endpoint answers
 * differently (or slower) because a mail could not go. With `NUXT_SMTP_URL` empty the mail is
 * written to the server log instead, so that a newcomer can sign up without a mail server.
 */
export function sendMail(event: H3Event, to: string, mail: MailContent): void {
  const { smtpUrl, mailFrom } = useRuntimeConfig(event)
  const rendered = renderMail(mail, preferredLanguage(event))
  if (!smtpUrl) {
    logMail(to, rendered.subject, rendered.text)
    return
  }
  smtpTransport(smtpUrl)
    // An address object: a stored address is one recipient, whatever characters it holds.
    .then(smtp => smtp.sendMail({ from: mailFrom, to: { name: '', address: to }, ...rendered }))
    .catch((error: Error) => console.error(`[mail] could not send "${mail.kind}" to ${maskAddress(to)}: ${error.message}`))
}

/**
 * One SMTP transport for the process: a small pool of connections (so a burst of mail waits
 * its turn instead of opening a connection each), with time limits so a dead mail server never
 * piles up sends. nodemailer is loaded on the first mail: a server that only logs mail never
 * holds it.
 */
function smtpTransport(url: string): Promise<Transporter> {
  const options: SMTPPool.Options & { url: string } = {
    url,
    pool: true,
    maxConnections: 2,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  }
  return (transport ??= import('nodemailer').then(({ createTransport }) => createTransport(options)))
}

/** `x***@example.com`: enough to tell a log line's recipient apart, not to harvest it. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@')
  return at > 0 ? `${address[0]}***${address.slice(at)}` : '***'
}

function logMail(to: string, subject: string, text: string): void {
  if (!import.meta.dev && !warnedAboutLog) {
    warnedAboutLog = true
    console.warn('[mail] NUXT_SMTP_URL is empty: mail is written to this log instead of being sent')
  }
  console.info(`[mail] to ${to}: ${subject}\n${text}`)
}
