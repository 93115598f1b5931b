/**
 * The mails the service sends, in each language the API speaks. A template answers the
 * subject and a list of paragraphs; `render` makes the plain-text and the HTML body from them.
 */

import type { Language } from '../i18n/messages'

export interface CodeMail {
  kind: 'verifyEmail' | 'resetPassword'
  username: string
  code: string
  /** The page where the code is entered. */
  link: string
  minutes: number
}

export interface PasswordChangedMail {
  kind: 'passwordChanged'
  username: string
  /** When it happened, ISO 8601. */
  at: string
  ip: string
  /** Where to reset the password if it was not the owner. */
  link: string
}

export type MailContent = CodeMail | PasswordChangedMail

interface Paragraph {
  text: string
  /** Shown large and bold: the code. */
  code?: boolean
  /** A link under the text. */
  href?: string
}

interface Draft {
  subject: string
  paragraphs: Paragraph[]
}

const SITE = 'community-web'

type MailOf<K extends MailContent['kind']> = K extends PasswordChangedMail['kind'] ? PasswordChangedMail : CodeMail

const drafts: Record<Language, { [K in MailContent['kind']]: (mail: MailOf<K>) => Draft }> = {
  zh: {
    verifyEmail: mail => ({
      subject: `${SITE} 邮箱验证码：${mail.code}`,
      paragraphs: [
        { text: `${mail.username}，你好：` },
        { text: '你的邮箱验证码是：' },
        { text: mail.code, code: true },
        { text: `验证码 ${mail.minutes} 分钟内有效，只能使用一次。在这里输入：`, href: mail.link },
        { text: '如果这不是你本人的操作，请忽略这封邮件。' },
      ],
    }),
    resetPassword: mail => ({
      subject: `${SITE} 重置密码验证码：${mail.code}`,
      paragraphs: [
        { text: `${mail.username}，你好：` },
        { text: '有人请求重置你的密码，验证码是：' },
        { text: mail.code, code: true },
        { text: `验证码 ${mail.minutes} 分钟内有效，只能使用一次。在这里设置新密码：`, href: mail.link },
        { text: '如果这不是你本人的操作，请忽略这封邮件，你的密码不会改变。' },
      ],
    }),
    passwordChanged: mail => ({
      subject: `${SITE} 你的密码已修改`,
      paragraphs: [
        { text: `${mail.username}，你好：` },
        { text: `你的账号密码已于 ${mail.at}（UTC）修改，操作来自 IP ${mail.ip}。其他设备上的登录已全部退出。` },
        { text: '如果这不是你本人的操作，请立即重置密码：', href: mail.link },
      ],
    }),
  },
  en: {
    verifyEmail: mail => ({
      subject: `${SITE} verification code: ${mail.code}`,
      paragraphs: [
        { text: `Hello ${mail.username},` },
        { text: 'Your email verification code is:' },
        { text: mail.code, code: true },
        { text: `It is valid for ${mail.minutes} minutes and works once. Enter it here:`, href: mail.link },
        { text: 'If you did not ask for it, ignore this mail.' },
      ],
    }),
    resetPassword: mail => ({
      subject: `${SITE} password reset code: ${mail.code}`,
      paragraphs: [
        { text: `Hello ${mail.username},` },
        { text: 'Someone asked to reset your password. The code is:' },
        { text: mail.code, code: true },
        { text: `It is valid for ${mail.minutes} minutes and works once. Choose a new password here:`, href: mail.link },
        { text: 'If you did not ask for it, ignore this mail: your password stays as it is.' },
      ],
    }),
    passwordChanged: mail => ({
      subject: `${SITE}: your password was changed`,
      paragraphs: [
        { text: `Hello ${mail.username},` },
        { text: `Your password was changed at ${mail.at} (UTC) from IP ${mail.ip}. Every other device has been signed out.` },
        { text: 'If this was not you, reset your password now:', href: mail.link },
      ],
    }),
  },
}

export interface RenderedMail {
  subject: string
  text: string
  html: string
}

/** The subject, plain-text and HTML body of `mail` in `language`. */
export function renderMail(mail: MailContent, language: Language): RenderedMail {
  const draft = (drafts[language][mail.kind] as (mail: MailContent) => Draft)(mail)
  const text = draft.paragraphs.map(p => (p.href ? `${p.text}\n${p.href}` : p.text)).join('\n\n')
  const html = draft.paragraphs.map(htmlParagraph).join('\n')
  return {
    subject: draft.subject,
    text: `${text}\n\n-- \n${SITE}\n`,
    html: `<!doctype html>\n<html><body style="font-family:sans-serif;line-height:1.6;color:#222">\n${html}\n<p style="color:#888">${SITE}</p>\n</body></html>\n`,
  }
}

function htmlParagraph(paragraph: Paragraph): string {
  const text = escapeHtml(paragraph.text)
  if (paragraph.code) return `<p style="font-size:28px;font-weight:bold;letter-spacing:4px">${text}</p>`
  if (!paragraph.href) return `<p>${text}</p>`
  const href = escapeHtml(paragraph.href)
  return `<p>${text}<br><a href="${href}">${href}</a></p>`
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, character => `&#${character.charCodeAt(0)};`)
}
