import type { FormItemRule } from 'element-plus'
import {
  AVATAR_MAX,
  CODE_PATTERN,
  EMAIL_MAX,
  MOBILE_PATTERN,
  PASSWORD_MAX_BYTES,
  PASSWORD_MIN_BYTES,
  USERNAME_MAX,
  USERNAME_MIN,
  isAvatarUrl,
  passwordByteLength,
  usernameProblem,
} from '~/shared/rules'
import type { UsernameProblem } from '~/shared/rules'

/**
 * el-form rules that mirror the server's field rules (shared/rules.ts). Each takes the page's
 * `t` (from `useI18n()`) and words its messages when a field is checked, so they follow the
 * language the page has then.
 */

type Callback = (error?: string | Error) => void

/** `useI18n()`'s `t`, as far as the rules use it. */
export type Translate = (key: string, params?: Record<string, unknown>) => string

const USERNAME_MESSAGES: Record<UsernameProblem, string> = {
  length: 'form.rules.usernameLength',
  characters: 'form.rules.usernameCharacters',
  allDigits: 'form.rules.usernameAllDigits',
}

export function usernameRules(t: Translate): FormItemRule[] {
  return [
    { required: true, message: () => t('form.rules.usernameRequired'), trigger: 'blur' },
    {
      trigger: 'blur',
      validator: (_rule, value: string, callback: Callback) => {
        const problem = usernameProblem(value.trim())
        callback(problem ? new Error(t(USERNAME_MESSAGES[problem], { min: USERNAME_MIN, max: USERNAME_MAX })) : undefined)
      },
    },
  ]
}

export function loginIdentifierRules(t: Translate): FormItemRule[] {
  return [
    { required: true, whitespace: true, message: () => t('form.rules.identifierRequired'), trigger: 'blur' },
  ]
}

/** Signing in checks only presence: an old account may predate today's password policy. */
export function currentPasswordRules(t: Translate): FormItemRule[] {
  return [
    { required: true, message: () => t('form.rules.passwordRequired'), trigger: 'blur' },
  ]
}

/**
 * A new password: its length is checked before sending, but named in the checklist under the
 * field (PasswordStrength.vue), so the field's own message only points there.
 */
export function newPasswordRules(t: Translate): FormItemRule[] {
  return [
    { required: true, message: () => t('form.rules.passwordRequired'), trigger: 'blur' },
    {
      trigger: 'blur',
      validator: (_rule, value: string, callback: Callback) => {
        const bytes = passwordByteLength(value)
        callback(bytes < PASSWORD_MIN_BYTES || bytes > PASSWORD_MAX_BYTES ? new Error(t('form.rules.passwordSeeChecks')) : undefined)
      },
    },
  ]
}

/** The confirmation must equal the password that `password()` reads. */
export function confirmPasswordRules(t: Translate, password: () => string): FormItemRule[] {
  return [
    { required: true, message: () => t('form.rules.confirmRequired'), trigger: 'blur' },
    {
      trigger: 'blur',
      validator: (_rule, value: string, callback: Callback) => {
        callback(value === password() ? undefined : new Error(t('form.rules.confirmMismatch')))
      },
    },
  ]
}

export function emailRules(t: Translate): FormItemRule[] {
  return [
    { type: 'email', message: () => t('form.rules.emailInvalid'), trigger: 'blur', transform: (value: string) => value.trim() },
    { max: EMAIL_MAX, message: () => t('form.rules.emailTooLong', { max: EMAIL_MAX }), trigger: 'blur', transform: (value: string) => value.trim() },
  ]
}

export function mobileRules(t: Translate): FormItemRule[] {
  return [
    {
      trigger: 'blur',
      validator: (_rule, value: string, callback: Callback) => {
        const mobile = value.trim()
        callback(mobile && !MOBILE_PATTERN.test(mobile) ? new Error(t('form.rules.mobileInvalid')) : undefined)
      },
    },
  ]
}

/** Where an address is the point of the form (forgot password, verification): it must be given. */
export function requiredEmailRules(t: Translate): FormItemRule[] {
  return [
    { required: true, whitespace: true, message: () => t('form.rules.emailRequired'), trigger: 'blur' },
    ...emailRules(t),
  ]
}

/** The code as the server wants it: digits only, spaces and dashes of a pasted code dropped. */
export function normalizeCode(value: string): string {
  return value.replace(/[\s-]/g, '')
}

export function codeRules(t: Translate): FormItemRule[] {
  return [
    { required: true, whitespace: true, message: () => t('form.rules.codeRequired'), trigger: 'blur' },
    {
      trigger: 'blur',
      validator: (_rule, value: string, callback: Callback) => {
        callback(CODE_PATTERN.test(normalizeCode(value)) ? undefined : new Error(t('form.rules.codeInvalid')))
      },
    },
  ]
}

export function avatarRules(t: Translate): FormItemRule[] {
  return [
    {
      trigger: 'blur',
      validator: (_rule, value: string, callback: Callback) => {
        const avatar = value.trim()
        if (!avatar) callback()
        else if (avatar.length > AVATAR_MAX) callback(new Error(t('form.rules.avatarTooLong', { max: AVATAR_MAX })))
        else if (!isAvatarUrl(avatar)) callback(new Error(t('form.rules.avatarInvalid')))
        else callback()
      },
    },
  ]
}
