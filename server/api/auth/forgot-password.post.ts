import { z } from 'zod'

const BodySchema = z.object({
  email: emailField,
})

// One answer whether or not an account holds the address; only a real, active one gets mail.
export default defineApiHandler('resetCodeSent', async (event) => {
  const { email } = await readJsonBody(event, BodySchema)
  const user = await findUserByEmail(email)
  if (user && user.status === 'active' && hasEmail(user)) await mailResetCode(event, user)
})
