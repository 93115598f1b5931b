import { z } from 'zod'
import { consumeCode, consumeLink, NO_ACCOUNT } from '../../accounts/codes'
import { codeProof, codeProofFields, refineCodeProof } from '../../accounts/fields'
import { findUserByEmail, toPublicUser, updateUser } from '../../accounts/users'

export const BodySchema = z.object(codeProofFields).superRefine(refineCodeProof)

export default defineApiHandler('emailVerified', async (event) => {
  const proof = codeProof(await readJsonBody(event, BodySchema))
  let userId: number
  if ('token' in proof) {
    // The mailed link: its token names the account; the address is the one it was mailed to
    // (a changed address discards the code and its link).
    userId = await consumeLink('verify_email', proof.token)
  }
  else {
    const user = await findUserByEmail(proof.email)
    // An address no account holds goes through the same steps and fails like a wrong code.
    await consumeCode(user?.id ?? NO_ACCOUNT, 'verify_email', proof.email, proof.code)
    userId = user!.id // consumeCode refuses every code of NO_ACCOUNT
  }
  const verified = await updateUser(userId, { emailVerifiedAt: new Date() })
  return { user: toPublicUser(verified) }
})
