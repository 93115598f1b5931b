import { z } from 'zod'

const BodySchema = z.object({
  username: usernameField,
  password: passwordField,
  email: optionalField(emailField),
  mobile: optionalField(mobileField),
  gender: optionalField(genderField),
})

export default defineApiHandler('registered', async (event) => {
  const { password, ...fields } = await readJsonBody(event, BodySchema)
  assertPasswordPolicy(password, fields)
  const user = await createUser(fields, password)
  const tokens = await startSession(event, user, { rememberMe: false })
  setResponseStatus(event, 201)
  return { user: toPublicUser(user), ...tokens }
})
