import { z } from 'zod'

/*
 * The request bodies and paths of the account endpoints added with roles: the same schemas
 * validate the requests and describe them in the API's documentation.
 */

/** The `:id` of an account's path: a positive whole number of at most 16 digits. */
export const UserIdParams = z.object({
  id: z.string().regex(/^[1-9]\d{0,15}$/, 'invalidUserId').transform(Number),
})

/** `PUT /api/admin/users/:id/roles`: the account's roles from now on (codes; at least one). */
export const AssignRolesBody = z.object({
  roles: z.array(z.string({ error: 'unknownRole' }).trim(), { error: issue => (issue.input === undefined ? 'required' : 'invalidType') })
    .min(1, 'rolesRequired')
    .transform(codes => [...new Set(codes)]),
})
