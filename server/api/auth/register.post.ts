import { z } from 'zod'

const BodySchema = z.object({
  username: usernameField,
  password: passwordField,
  email: optionalField(emailField),
  mobile: optionalField(mobileField),
  gender: optionalField(genderField),
})

const KEY_ERRORS = { username: 'USERNAME_ALREADY_EXISTS', email: 'EMAIL_ALREADY_EXISTS', mobile: 'MOBILE_ALREADY_EXISTS' } as const

export default defineApiHandler('registered', async (event) => {
  const body = await readJsonBody(event, BodySchema)
  assertPasswordPolicy(body.password, body)

  const { users } = tables
  let id: number
  try {
    const [result] = await useDB().insert(users).values({ ...body, password: await hashPassword(body.password) })
    id = result.insertId
  }
  catch (error) {
    const key = duplicateKeyOf(error) as keyof typeof KEY_ERRORS | null
    if (key && key in KEY_ERRORS) throw apiError(KEY_ERRORS[key])
    throw error
  }

  const user = (await findUserById(id))!
  const tokens = await startSession(event, user, { rememberMe: false })
  setResponseStatus(event, 201)
  return { user: toPublicUser(user), ...tokens }
})
