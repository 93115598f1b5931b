import type { AddressInfo } from 'node:net'
import PostalMime from 'postal-mime'
import { SMTPServer } from 'smtp-server'
import { eventually } from './server-process'

export interface ReceivedMail {
  /** Envelope recipients, lower-cased. */
  to: string[]
  from: string
  subject: string
  text: string
  html: string
}

export interface Mailbox {
  /** `smtp://127.0.0.1:<port>`: what the server under test takes as `NUXT_SMTP_URL`. */
  url: string
  /** Every mail received so far, oldest first. */
  mails: ReceivedMail[]
  /** Mails received for `address` so far, oldest first. */
  mailsTo: (address: string) => ReceivedMail[]
  /** Waits (up to 10 s) for the `count`-th mail to `address` and answers it. */
  waitForMail: (address: string, count?: number) => Promise<ReceivedMail>
  /** The 6-digit code of the `count`-th mail to `address`. */
  codeFor: (address: string, count?: number) => Promise<string>
  close: () => Promise<void>
}

/**
 * A real SMTP server on a free local port (smtp-server): the server under test sends to it
 * over TCP exactly as it would to a provider, and tests read the mails (parsed by postal-mime).
 */
export async function startMailbox(): Promise<Mailbox> {
  const mails: ReceivedMail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        PostalMime.parse(Buffer.concat(chunks)).then((parsed) => {
          mails.push({
            to: session.envelope.rcptTo.map(recipient => recipient.address.toLowerCase()),
            from: parsed.from?.address ?? '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: parsed.html ?? '',
          })
          callback()
        }, callback)
      })
    },
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo

  const mailsTo = (address: string) => mails.filter(mail => mail.to.includes(address.toLowerCase()))
  const waitForMail = (address: string, count = 1) => eventually(async () => {
    const mail = mailsTo(address)[count - 1]
    if (!mail) throw new Error(`mail #${count} to ${address} has not arrived (${mailsTo(address).length} so far)`)
    return mail
  }, 10_000)

  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    mailsTo,
    waitForMail,
    async codeFor(address, count = 1) {
      const mail = await waitForMail(address, count)
      const code = /\b(\d{6})\b/.exec(mail.text)?.[1]
      if (!code) throw new Error(`no 6-digit code in the mail to ${address}: ${mail.text}`)
      return code
    },
    close: () => new Promise(resolve => server.close(() => resolve())),
  }
}
