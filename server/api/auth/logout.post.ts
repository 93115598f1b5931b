export default defineApiHandler('loggedOut', async (event) => {
  const { user, sessionId } = await requireUserSession(event)
  await revokeSessions(user.id, sessionId)
  clearSessionCookies(event)
})
