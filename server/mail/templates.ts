/**
 * The mails the service sends, in each language the API speaks. A template answers the
 * subject and a list of paragraphs; `render` makes the plain-text and the HTML body from them.
 */

import { describeUserAgent, type UserAgentWords } from '../../shared/user-agent'
import type { Language } from '../i18n/messages'

export interface CodeMail {
  kind: 'verifyEmail' | 'resetPassword'
  username: string
  code: string
  /** The one-click link: its token does the code's work, nothing to type but a new password. */
  oneClickLink: string
  /** The page where the code is entered (e.g. on another device). */
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

export interface EmailChangedMail {
  kind: 'emailChanged'
  username: string
  /** The address the account moved to, masked; `null` when the address was removed. */
  newEmail: string | null
  /** When it happened, ISO 8601. */
  at: string
  ip: string
  /** The device's user agent, as sent. */
  userAgent: string | null
  /** Where the owner signs in and puts it back. */
  link: string
}

export type MailContent = CodeMail | PasswordChangedMail | EmailChangedMail

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

type MailOf<K extends MailContent['kind']> = K extends CodeMail['kind'] ? CodeMail : Extract<MailContent, { kind: K }>

const DEVICE_WORDS: Record<Language, UserAgentWords> = {
  zh: { unknown: '未知设备', browser: '浏览器', wechat: '微信' },
  en: { unknown: 'an unknown device', browser: 'Browser', wechat: 'WeChat' },
}

const drafts: Record<Language, { [K in MailContent['kind']]: (mail: MailOf<K>) => Draft }> = {
  zh: {
    verifyEmail: mail => ({
      subject: `${SITE} 邮箱验证码：${mail.code}`,
      paragraphs: [
        { text: `${mail.username}，你好：` },
        { text: '你的邮箱验证码是：' },
        { text: mail.code, code: true },
        { text: `验证码 ${mail.minutes} 分钟内有效，只能使用一次。直接打开这个链接即可完成验证：`, href: mail.oneClickLink },
        { text: '或在其他设备上到这里输入验证码：', href: mail.link },
        { text: '如果这不是你本人的操作，请忽略这封邮件。' },
      ],
    }),
    resetPassword: mail => ({
      subject: `${SITE} 重置密码验证码：${mail.code}`,
      paragraphs: [
        { text: `${mail.username}，你好：` },
        { text: '有人请求重置你的密码，验证码是：' },
        { text: mail.code, code: true },
        { text: `验证码 ${mail.minutes} 分钟内有效，只能使用一次。直接打开这个链接设置新密码：`, href: mail.oneClickLink },
        { text: '或在其他设备上到这里输入验证码：', href: mail.link },
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
    emailChanged: mail => ({
      subject: `${SITE} 你的账号邮箱已更改`,
      paragraphs: [
        { text: `${mail.username}，你好：` },
        {
          text: mail.newEmail
            ? `你的账号邮箱已于 ${mail.at}（UTC）从这个地址改为 ${mail.newEmail}。`
            : `你的账号邮箱已于 ${mail.at}（UTC）被移除，这个地址不再属于该账号。`,
        },
        { text: `操作来自 ${describeUserAgent(mail.userAgent, DEVICE_WORDS.zh)}，IP ${mail.ip}。此后找回密码的邮件不会再发到这个地址。` },
        {
          text: '如果这不是你本人的操作，说明有人知道你的密码：请立即登录，改回邮箱、修改密码并退出其他设备；无法登录时请联系网站管理员。',
          href: mail.link,
        },
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
        { text: `It is valid for ${mail.minutes} minutes and works once. Open this link to verify, nothing to type:`, href: mail.oneClickLink },
        { text: 'Or enter the code here, e.g. on another device:', href: mail.link },
        { text: 'If you did not ask for it, ignore this mail.' },
      ],
    }),
    resetPassword: mail => ({
      subject: `${SITE} password reset code: ${mail.code}`,
      paragraphs: [
        { text: `Hello ${mail.username},` },
        { text: 'Someone asked to reset your password. The code is:' },
        { text: mail.code, code: true },
        { text: `It is valid for ${mail.minutes} minutes and works once. Open this link to choose a new password:`, href: mail.oneClickLink },
        { text: 'Or enter the code here, e.g. on another device:', href: mail.link },
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
    emailChanged: mail => ({
      subject: `${SITE}: your account's email address was changed`,
      paragraphs: [
        { text: `Hello ${mail.username},` },
        {
          text: mail.newEmail
            ? `At ${mail.at} (UTC) your account's email address was changed from this address to ${mail.newEmail}.`
            : `At ${mail.at} (UTC) your account's email address was removed: this address no longer belongs to it.`,
        },
        { text: `It was done from ${describeUserAgent(mail.userAgent, DEVICE_WORDS.en)}, IP ${mail.ip}. Password reset mails no longer come to this address.` },
        {
          text: 'If this was not you, someone knows your password: sign in now, put your address back, change your password and sign out your other devices. If you cannot sign in, contact the site\'s administrator.',
          href: mail.link,
        },
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
    html: `<!doctype html>\n<html lang="${language === 'zh' ? 'zh-CN' : 'en'}"><body style="font-family:sans-serif;line-height:1.6;color:#222">\n${html}\n<p style="color:#888">${SITE}</p>\n</body></html>\n`,
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
