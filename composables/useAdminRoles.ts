import type { Permission } from '~/shared/permissions'
import type { RoleInfo } from '~/types/api'
import { useApi } from '~/composables/useApi'
import { toApiFailure } from '~/utils/api-error'

/** What the role form sends: a new role's code, or none when editing. */
export interface RoleFields {
  code?: string
  name: string
  description: string
  permissions: Permission[]
}

/**
 * The roles and the catalogue of permissions of the admin pages (`role:list`), and the changes a
 * holder of `role:manage` makes to them; each change reloads the list (counts of holders included).
 */
export function useAdminRoles() {
  const api = useApi()
  const { data, status, error, refresh } = useAsyncData('admin-roles', async () => {
    const [{ roles }, { permissions }] = await Promise.all([api('/api/admin/roles'), api('/api/admin/permissions')])
    return { roles, permissions }
  })

  async function create(fields: RoleFields): Promise<RoleInfo> {
    const { role } = await api('/api/admin/roles', { method: 'POST', body: { ...fields, description: fields.description || null } })
    await refresh()
    return role
  }

  async function update(code: string, fields: RoleFields): Promise<RoleInfo> {
    const body = { name: fields.name, description: fields.description || null, permissions: fields.permissions }
    const { role } = await api(`/api/admin/roles/${encodeURIComponent(code)}`, { method: 'PATCH', body })
    await refresh()
    return role
  }

  async function remove(code: string): Promise<void> {
    await api(`/api/admin/roles/${encodeURIComponent(code)}`, { method: 'DELETE' })
    await refresh()
  }

  return {
    roles: computed(() => data.value?.roles ?? []),
    permissions: computed(() => data.value?.permissions ?? []),
    loading: computed(() => status.value === 'pending'),
    failure: computed(() => (error.value ? toApiFailure(error.value).message : '')),
    create,
    update,
    remove,
  }
}
