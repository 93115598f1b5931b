import { withDeadline } from '../utils/api'

const WAIT_MS = 3000

let markReady: () => void
const ready = new Promise<void>(resolve => (markReady = resolve))
let isReady = false

/** Marks the schema as migrated: API requests are served from then on. */
export function markDatabaseReady(): void {
  isReady = true
  markReady()
}

/** Whether the start-up migrations have been applied. */
export function isDatabaseReady(): boolean {
  return isReady
}

/**
 * Resolves once the start-up migrations are applied; while the database has been unreachable
 * since start-up, gives up after a few seconds with 503 rather than letting the request hang.
 */
export async function waitForDatabase(): Promise<void> {
  if (!isReady) await withDeadline(ready, WAIT_MS)
}
