import { getCookie, getRequestHeader, type H3Event } from 'h3'
import { LANGUAGE_COOKIE } from '../../i18n/languages'

/**
 * Every text a person reads in an API answer (success messages, error codes, field reasons),
 * in the two languages the API speaks. Code elsewhere names a text by its key; it is turned
 * into words once, where the answer is made: `defineApiHandler` for a success, the error
 * handler for a failure (field reasons included).
 */
const zh = {
  // success
  ok: '成功',
  registered: '注册成功',
  loggedIn: '登录成功',
  refreshed: '令牌已刷新',
  loggedOut: '已退出登录',
  healthy: '服务正常',
  registeredVerifyEmail: '注册成功，请查收邮件中的验证码完成邮箱验证',
  profileUpdated: '资料已更新',
  verificationSent: '验证码已发送，请查收邮件',
  emailAlreadyVerified: '邮箱已经验证过了',
  emailVerified: '邮箱验证成功',
  resetCodeSent: '如果该邮箱已注册，重置密码的验证码已发送',
  passwordReset: '密码已重置，请使用新密码登录',
  passwordChanged: '密码已修改，其他设备已退出登录',
  sessionRevoked: '该设备已退出登录',
  avatarUpdated: '头像已更新',
  avatarRemoved: '头像已移除',
  // third-party sign-in
  identityUnlinked: '已解除绑定',
  passwordSet: '密码已设置，其他设备已退出登录',
  // error codes
  INVALID_INPUT: '输入有误，请检查后重试',
  INVALID_JSON: '请求体不是有效的 JSON',
  INVALID_PASSWORD: '密码不符合要求',
  INVALID_CODE: '验证码错误或已失效',
  CODE_EXPIRED: '验证码已过期',
  UNAUTHORIZED: '请先登录',
  TOKEN_EXPIRED: '登录已过期，请刷新令牌',
  INVALID_CREDENTIALS: '账号或密码错误',
  INVALID_REFRESH_TOKEN: '刷新令牌无效或已过期，请重新登录',
  REFRESH_TOKEN_REUSED: '检测到刷新令牌被重复使用，该会话已被注销，请重新登录',
  FORBIDDEN: '没有权限执行此操作',
  ACCOUNT_DISABLED: '账号已被禁用',
  EMAIL_NOT_VERIFIED: '邮箱尚未验证',
  CSRF_REJECTED: '请求来源不被允许',
  NOT_FOUND: '请求的资源不存在',
  USER_NOT_FOUND: '用户不存在',
  METHOD_NOT_ALLOWED: '不支持该请求方法',
  USERNAME_ALREADY_EXISTS: '用户名已存在',
  EMAIL_ALREADY_EXISTS: '邮箱已被使用',
  MOBILE_ALREADY_EXISTS: '手机号已被使用',
  LAST_SUPER_ADMIN: '至少需要保留一名有效的超级管理员',
  IDENTITY_ALREADY_LINKED: '该第三方账号已绑定到其他账号，或本账号已绑定过该平台的账号',
  LAST_SIGN_IN_METHOD: '这是该账号唯一的登录方式，请先设置密码或绑定其他账号再解绑',
  ROLE_IN_USE: '仍有账号拥有该角色，请先为这些账号移除它',
  ROLE_ALREADY_EXISTS: '角色编码已存在',
  BUILT_IN_ROLE: '内置角色不能删除，超级管理员角色不能修改',
  PAYLOAD_TOO_LARGE: '请求体过大（上限 16 KiB）',
  UNSUPPORTED_MEDIA_TYPE: '请求体必须是 application/json',
  TOO_MANY_REQUESTS: '请求过于频繁，请稍后再试',
  SERVER_ERROR: '服务器内部错误',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请稍后再试',
  // reasons of an error code (details.reason); {minutes} is details.retryAfter in minutes, rounded up
  accountLocked: '账号已暂时锁定，请 {minutes} 分钟后再试，或重设密码立即解锁',
  // field reasons (details.fields)
  required: '必填',
  invalidType: '类型不正确',
  usernameLength: '用户名长度为 3–50 个字符',
  usernameCharacters: '用户名只能包含字母、数字、_、- 和 .',
  usernameAllDigits: '用户名不能全是数字',
  invalidEmail: '邮箱格式不正确（最多 100 个字符）',
  invalidMobile: '手机号格式不正确',
  invalidGender: '性别只能是 0、1 或 2',
  invalidAvatar: '头像须为 http(s) 地址或站内路径，最多 255 个字符',
  invalidImage: '图片已损坏或过大，无法读取',
  invalidCode: '验证码是 6 位数字',
  codeOrToken: '请提供邮箱和验证码，或邮件链接中的 token，二者只能选一',
  invalidValue: '取值不正确',
  // administration
  userUpdated: '用户已更新',
  invalidPage: '页码须为正整数',
  invalidPageSize: '每页条数须为 1–100 的整数',
  invalidRole: '角色只能是 super_admin 或 user',
  invalidStatus: '状态只能是 active 或 disabled',
  invalidUserId: '用户 ID 须为正整数',
  nothingToChange: '请至少提供 role 或 status 之一',
  // roles and permissions
  roleCreated: '角色已创建',
  roleUpdated: '角色已更新',
  roleDeleted: '角色已删除',
  userSessionsEnded: '该账号已在所有设备上退出登录',
  invalidRoleCode: '角色编码须为 R_ 加 2–30 个大写字母、数字或下划线',
  unknownRole: '没有这个角色',
  unknownPermission: '没有这个权限',
  rolesRequired: '请至少选择一个角色',
  roleNameLength: '角色名称为 1–50 个字符',
  roleDescriptionLength: '描述最多 255 个字符',
  nothingToChangeRole: '请至少提供 name、description 或 permissions 之一',
  // password policy (the rules of details.violations, as the command line reports them)
  tooShort: '少于 8 字节',
  tooLong: '超过 72 字节',
  common: '是最常见的密码之一',
  sameAsUsername: '与用户名相同',
  sameAsEmail: '与邮箱地址相同',
}

export type MessageKey = keyof typeof zh

const en: Record<MessageKey, string> = {
  ok: 'OK',
  registered: 'Registered',
  loggedIn: 'Logged in',
  refreshed: 'Token refreshed',
  loggedOut: 'Logged out',
  healthy: 'Service is healthy',
  registeredVerifyEmail: 'Registered: enter the code we mailed you to verify your address',
  profileUpdated: 'Profile updated',
  verificationSent: 'A verification code is on its way to your inbox',
  emailAlreadyVerified: 'Your email address is already verified',
  emailVerified: 'Email address verified',
  resetCodeSent: 'If an account uses this address, a password reset code was sent to it',
  passwordReset: 'Password reset: log in with your new password',
  passwordChanged: 'Password changed; your other devices were signed out',
  sessionRevoked: 'That device was signed out',
  avatarUpdated: 'Avatar updated',
  avatarRemoved: 'Avatar removed',
  identityUnlinked: 'The account was unlinked',
  passwordSet: 'Password set; your other devices were signed out',
  INVALID_INPUT: 'Some fields are invalid',
  INVALID_JSON: 'The request body is not valid JSON',
  INVALID_PASSWORD: 'The password does not meet the policy',
  INVALID_CODE: 'The code is wrong or no longer valid',
  CODE_EXPIRED: 'The code has expired',
  UNAUTHORIZED: 'Please log in',
  TOKEN_EXPIRED: 'The access token has expired; refresh it',
  INVALID_CREDENTIALS: 'Wrong account or password',
  INVALID_REFRESH_TOKEN: 'The refresh token is invalid or expired; please log in again',
  REFRESH_TOKEN_REUSED: 'A used refresh token came back; the session was revoked, please log in again',
  FORBIDDEN: 'You are not allowed to do this',
  ACCOUNT_DISABLED: 'This account has been disabled',
  EMAIL_NOT_VERIFIED: 'The email address is not verified yet',
  CSRF_REJECTED: 'The request came from a foreign origin',
  NOT_FOUND: 'Not found',
  USER_NOT_FOUND: 'User not found',
  METHOD_NOT_ALLOWED: 'Method not allowed',
  USERNAME_ALREADY_EXISTS: 'The username is taken',
  EMAIL_ALREADY_EXISTS: 'The email address is already in use',
  MOBILE_ALREADY_EXISTS: 'The mobile number is already in use',
  LAST_SUPER_ADMIN: 'At least one active super administrator must remain',
  IDENTITY_ALREADY_LINKED: 'That provider account is linked to another account, or this account already has one of that provider',
  LAST_SIGN_IN_METHOD: 'This is the account\'s only way to sign in: set a password or link another account first',
  ROLE_IN_USE: 'Accounts still hold this role; remove it from them first',
  ROLE_ALREADY_EXISTS: 'A role with this code already exists',
  BUILT_IN_ROLE: 'Built-in roles cannot be deleted, and the super administrator role cannot be changed',
  PAYLOAD_TOO_LARGE: 'The request body is too large (16 KiB at most)',
  UNSUPPORTED_MEDIA_TYPE: 'The request body must be application/json',
  TOO_MANY_REQUESTS: 'Too many requests; try again later',
  SERVER_ERROR: 'Internal server error',
  SERVICE_UNAVAILABLE: 'The service is temporarily unavailable; try again later',
  accountLocked: 'This account is locked for {minutes} minutes; reset the password to unlock it now',
  required: 'Required',
  invalidType: 'Wrong type',
  usernameLength: 'A username has 3 to 50 characters',
  usernameCharacters: 'Letters, digits, _, - and . only',
  usernameAllDigits: 'A username cannot be all digits',
  invalidEmail: 'Not a valid email address (100 characters at most)',
  invalidMobile: 'Not a valid mobile number',
  invalidGender: 'Gender is 0, 1 or 2',
  invalidAvatar: 'An http(s) URL or a site path, 255 characters at most',
  invalidImage: 'The image is damaged or too large to read',
  invalidCode: 'A code has 6 digits',
  codeOrToken: 'Give the email and code, or the token of the mailed link, not both',
  invalidValue: 'Invalid value',
  // administration
  userUpdated: 'User updated',
  invalidPage: 'The page is a positive whole number',
  invalidPageSize: 'The page size is a whole number from 1 to 100',
  invalidRole: 'The role is super_admin or user',
  invalidStatus: 'The status is active or disabled',
  invalidUserId: 'A user id is a positive whole number',
  nothingToChange: 'Give a role or a status to change',
  roleCreated: 'Role created',
  roleUpdated: 'Role updated',
  roleDeleted: 'Role deleted',
  userSessionsEnded: 'The account was signed out everywhere',
  invalidRoleCode: 'A role code is R_ followed by 2 to 30 capital letters, digits or underscores',
  unknownRole: 'No such role',
  unknownPermission: 'No such permission',
  rolesRequired: 'Choose at least one role',
  roleNameLength: 'A role name has 1 to 50 characters',
  roleDescriptionLength: 'A description has 255 characters at most',
  nothingToChangeRole: 'Give a name, description or permissions to change',
  tooShort: 'it is shorter than 8 bytes',
  tooLong: 'it is longer than 72 bytes',
  common: 'it is one of the most common passwords',
  sameAsUsername: 'it is the username',
  sameAsEmail: 'it is the email address',
}

const dictionaries = { zh, en }
export type Language = keyof typeof dictionaries

/**
 * The language of the request among those the API speaks: the site's language cookie when it
 * names one (the person's choice on the pages), else the `Accept-Language` header, English
 * only when asked for first.
 */
export function preferredLanguage(event: H3Event): Language {
  const chosen = getCookie(event, LANGUAGE_COOKIE)
  if (chosen === 'en') return 'en'
  if (chosen === 'zh-CN') return 'zh'
  const header = getRequestHeader(event, 'accept-language')
  if (!header) return 'zh'
  let best: { language: Language, quality: number } | undefined
  for (const part of header.split(',')) {
    const [range = '', ...params] = part.trim().toLowerCase().split(';')
    const quality = Number(params.find(param => param.trim().startsWith('q='))?.trim().slice(2) ?? 1)
    const language = range.startsWith('en') ? 'en' : range.startsWith('zh') ? 'zh' : undefined
    if (language && Number.isFinite(quality) && quality > (best?.quality ?? 0)) best = { language, quality }
  }
  return best?.language ?? 'zh'
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zh, key)
}

/** The text of `key` in `language`. */
export function textIn(language: Language, key: MessageKey): string {
  return dictionaries[language][key]
}

/** The text of `key` in the request's language. */
export function translate(event: H3Event, key: MessageKey): string {
  return textIn(preferredLanguage(event), key)
}
