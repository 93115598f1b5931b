import type { PublicUser } from '~/types/api'

export const ROLE_LABELS: Record<PublicUser['role'], string> = {
  super_admin: '超级管理员',
  user: '普通用户',
}

export const GENDER_LABELS: Record<PublicUser['gender'], string> = {
  0: '未知',
  1: '男',
  2: '女',
}

export const STATUS_LABELS: Record<PublicUser['status'], string> = {
  active: '正常',
  disabled: '已禁用',
}
