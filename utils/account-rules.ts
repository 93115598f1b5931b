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

/** el-form rules that mirror the server's field rules (shared/rules.ts). */

type Callback = (error?: string | Error) => void

const USERNAME_MESSAGES: Record<UsernameProblem, string> = {
  length: `用户名长度为 ${USERNAME_MIN}–${USERNAME_MAX} 个字符`,
  characters: '用户名只能包含字母、数字、下划线（_）、连字符（-）和点（.）',
  allDigits: '用户名不能全是数字',
}

export const usernameRules: FormItemRule[] = [
  { required: true, message: '请输入用户名', trigger: 'blur' },
  {
    trigger: 'blur',
    validator: (_rule, value: string, callback: Callback) => {
      const problem = usernameProblem(value.trim())
      callback(problem ? new Error(USERNAME_MESSAGES[problem]) : undefined)
    },
  },
]

export const loginIdentifierRules: FormItemRule[] = [
  { required: true, whitespace: true, message: '请输入用户名、邮箱或手机号', trigger: 'blur' },
]

/** Signing in checks only presence: an old account may predate today's password policy. */
export const currentPasswordRules: FormItemRule[] = [
  { required: true, message: '请输入密码', trigger: 'blur' },
]

export const newPasswordRules: FormItemRule[] = [
  { required: true, message: '请输入密码', trigger: 'blur' },
  {
    trigger: 'blur',
    validator: (_rule, value: string, callback: Callback) => {
      const bytes = passwordByteLength(value)
      if (bytes < PASSWORD_MIN_BYTES) callback(new Error(`密码至少 ${PASSWORD_MIN_BYTES} 字节（字母数字占 1 字节，一个汉字占 3 字节）`))
      else if (bytes > PASSWORD_MAX_BYTES) callback(new Error(`密码最长 ${PASSWORD_MAX_BYTES} 字节（一个汉字占 3 字节）`))
      else callback()
    },
  },
]

/** The confirmation must equal the password that `password()` reads. */
export function confirmPasswordRules(password: () => string): FormItemRule[] {
  return [
    { required: true, message: '请再次输入密码', trigger: 'blur' },
    {
      trigger: 'blur',
      validator: (_rule, value: string, callback: Callback) => {
        callback(value === password() ? undefined : new Error('两次输入的密码不一致'))
      },
    },
  ]
}

export const emailRules: FormItemRule[] = [
  { type: 'email', message: '邮箱格式不正确', trigger: 'blur', transform: (value: string) => value.trim() },
  { max: EMAIL_MAX, message: `邮箱最多 ${EMAIL_MAX} 个字符`, trigger: 'blur', transform: (value: string) => value.trim() },
]

export const mobileRules: FormItemRule[] = [
  {
    trigger: 'blur',
    validator: (_rule, value: string, callback: Callback) => {
      const mobile = value.trim()
      callback(mobile && !MOBILE_PATTERN.test(mobile) ? new Error('手机号格式不正确（可带 +，6–19 位数字）') : undefined)
    },
  },
]

/** Where an address is the point of the form (forgot password, verification): it must be given. */
export const requiredEmailRules: FormItemRule[] = [
  { required: true, whitespace: true, message: '请输入邮箱', trigger: 'blur' },
  ...emailRules,
]

/** The code as the server wants it: digits only, spaces and dashes of a pasted code dropped. */
export function normalizeCode(value: string): string {
  return value.replace(/[\s-]/g, '')
}

export const codeRules: FormItemRule[] = [
  { required: true, whitespace: true, message: '请输入验证码', trigger: 'blur' },
  {
    trigger: 'blur',
    validator: (_rule, value: string, callback: Callback) => {
      callback(CODE_PATTERN.test(normalizeCode(value)) ? undefined : new Error('验证码为 6 位数字'))
    },
  },
]

export const avatarRules: FormItemRule[] = [
  {
    trigger: 'blur',
    validator: (_rule, value: string, callback: Callback) => {
      const avatar = value.trim()
      if (!avatar) callback()
      else if (avatar.length > AVATAR_MAX) callback(new Error(`头像地址最多 ${AVATAR_MAX} 个字符`))
      else if (!isAvatarUrl(avatar)) callback(new Error('头像须为 http(s) 地址或以 / 开头的站内路径，不能含空格'))
      else callback()
    },
  },
]
