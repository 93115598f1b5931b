import type { H3Event } from 'h3'
import type { Transporter } from 'nodemailer'
import { renderMail, type MailContent } from '../mail/templates'

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
    .then(smtp => smtp.sendMail({ from: mailFrom, to, ...rendered }))
    .catch((error: Error) => console.error(`[mail] could not send "${mail.kind}" to ${to}: ${error.message}`))
}

/** A link to `path` on the configured site (`NUXT_SITE_URL`), never built from the request's Host. */
export function siteLink(event: H3Event, path: string, query: Record<string, string> = {}): string {
  const url = new URL(path, useRuntimeConfig(event).siteUrl)
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value)
  return url.href
}

/**
 * One SMTP transport for the process, with time limits so a dead mail server never piles up
 * sends. nodemailer is loaded on the first mail: a server that only logs mail never holds it.
 */
function smtpTransport(url: string): Promise<Transporter> {
  return (transport ??= import('nodemailer').then(({ createTransport }) => createTransport({
    url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as Parameters<typeof createTransport>[0])))
}

function logMail(to: string, subject: string, text: string): void {
  if (!import.meta.dev && !warnedAboutLog) {
    warnedAboutLog = true
    console.warn('[mail] NUXT_SMTP_URL is empty: mail is written to this log instead of being sent')
  }
  console.info(`[mail] to ${to}: ${subject}\n${text}`)
}
