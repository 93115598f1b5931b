import type { SessionInfo } from '~/types/api'
import type { Session } from '../database/schema'

/** A session as the owner sees it in their list of devices; `current` is the one asking. */
export function toSessionInfo(session: Session, currentSessionId: string): SessionInfo {
  return {
    id: session.id,
    userAgent: session.userAgent,
    ip: session.ip,
    createdAt: session.createdAt.toISOString(),
    lastUsedAt: session.lastUsedAt.toISOString(),
    current: session.id === currentSessionId,
  }
}
