import type { AccountChange, AccountStatus, PublicUser, Role } from '~/types/api'
import { useApi } from '~/composables/useApi'
import { toApiFailure } from '~/utils/api-error'

export interface UserFilters {
  keyword: string
  role: Role | ''
  status: AccountStatus | ''
}

/**
 * The admin user list: filters and paging (any change loads the matching page; a filter change
 * goes back to page 1), and the changes to an account (`update`, `assignRoles`), which replace
 * its row in place.
 */
export function useAdminUsers() {
  const api = useApi()
  const filters = reactive<UserFilters>({ keyword: '', role: '', status: '' })
  const page = ref(1)
  const pageSize = ref(20)
  const query = computed(() => ({
    page: page.value,
    pageSize: pageSize.value,
    keyword: filters.keyword.trim() || undefined,
    role: filters.role || undefined,
    status: filters.status || undefined,
  }))

  const { data, status, error } = useAsyncData('admin-users', () => api('/api/admin/users', { query: query.value }), { watch: [query] })
  // Synchronously, so that the new filters and page 1 make one request, not two.
  watch(filters, () => {
    page.value = 1
  }, { flush: 'sync' })

  /** Puts `user` in place of its row. */
  function replace(user: PublicUser): PublicUser {
    if (data.value) data.value = { ...data.value, records: data.value.records.map(record => (record.id === user.id ? user : record)) }
    return user
  }

  async function update(id: number, change: AccountChange): Promise<PublicUser> {
    return replace((await api(`/api/admin/users/${id}`, { method: 'PATCH', body: { ...change } })).user)
  }

  /** Makes `roles` the account's roles (`user:roles`). */
  async function assignRoles(id: number, roles: string[]): Promise<PublicUser> {
    return replace((await api(`/api/admin/users/${id}/roles`, { method: 'PUT', body: { roles } })).user)
  }

  /** Ends every session of the account (`user:sessions`); its row shows it offline after the next load. */
  async function signOutEverywhere(id: number): Promise<void> {
    await api(`/api/admin/users/${id}/sessions`, { method: 'DELETE' })
    if (data.value) data.value = { ...data.value, records: data.value.records.map(record => (record.id === id ? { ...record, online: false } : record)) }
  }

  return {
    filters,
    page,
    pageSize,
    users: computed(() => data.value?.records ?? []),
    total: computed(() => data.value?.total ?? 0),
    loading: computed(() => status.value === 'pending'),
    failure: computed(() => (error.value ? toApiFailure(error.value).message : '')),
    update,
    assignRoles,
    signOutEverywhere,
  }
}
