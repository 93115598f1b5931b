// Signs one of the caller's own devices out; any other id is unknown here.
export default defineApiHandler('sessionRevoked', async (event) => {
  const { user, sessionId } = await requireUserSession(event)
  const id = getRouterParam(event, 'id', { decode: true }) ?? ''
  const revoked = await revokeSessions(user.id, id)
  if (!revoked) throw apiError('NOT_FOUND')
  if (id === sessionId) clearSessionCookies(event)
})
