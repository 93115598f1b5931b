export default defineApiHandler('loggedOut', async (event) => {
  const { user, sessionId } = await requireUserSession(event)
  await revokeSession(user.id, sessionId)
  clearSessionCookies(event)
})
