import type { BuiltInRole, Permission } from '../../shared/permissions'
import type { Language } from './messages'

/*
 * The words of the catalogue (shared/permissions.ts) in the two languages the API speaks: what
 * each permission allows, and the built-in roles' names and descriptions until someone edits
 * them. Beside messages.ts, which holds every other text of an answer.
 */

const permissionDescriptions: Record<Language, Record<Permission, string>> = {
  zh: {
    'user:list': '查看用户列表',
    'user:status': '启用或禁用账号',
    'user:roles': '为账号分配角色',
    'user:sessions': '查看账号的登录设备，并让其在所有设备上退出登录',
    'role:list': '查看角色和权限',
    'role:manage': '新建、编辑和删除角色',
  },
  en: {
    'user:list': 'See the list of accounts',
    'user:status': 'Enable or disable accounts',
    'user:roles': 'Assign roles to accounts',
    'user:sessions': 'See an account\'s signed-in devices and sign it out everywhere',
    'role:list': 'See roles and permissions',
    'role:manage': 'Create, edit and delete roles',
  },
}

const builtInRoles: Record<Language, Record<BuiltInRole, { name: string, description: string }>> = {
  zh: {
    R_SUPER: { name: '超级管理员', description: '拥有全部权限，不可修改' },
    R_ADMIN: { name: '管理员', description: '管理用户账号' },
    R_USER: { name: '普通用户', description: '每个新账号都有的角色' },
  },
  en: {
    R_SUPER: { name: 'Super administrator', description: 'Holds every permission; cannot be changed' },
    R_ADMIN: { name: 'Administrator', description: 'Manages user accounts' },
    R_USER: { name: 'User', description: 'The role every new account holds' },
  },
}

/** What `permission` allows, in `language`. */
export function permissionDescription(language: Language, permission: Permission): string {
  return permissionDescriptions[language][permission]
}

/** The name and description of built-in role `code` in `language`, for a role not edited since. */
export function builtInRoleText(language: Language, code: BuiltInRole): { name: string, description: string } {
  return builtInRoles[language][code]
}
