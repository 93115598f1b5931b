import type { ServerResponse } from 'node:http'
import { isPageRender } from '../utils/api'

/**
 * Server renders of pages run at most this many at a time; the others wait their turn here, in
 * order. A render is CPU work, so more at once finish no sooner, but each one in flight holds its
 * whole component tree (docs/benchmarks.md, "Memory", third round). API requests, the renders'
 * own included, never wait.
 */
const RENDER_SLOTS = 2

let rendering = 0
const waiting: (() => void)[] = []

export default defineEventHandler(async (event) => {
  if (!isPageRender(event)) return
  await renderSlot(event.node.res)
})

/**
 * Settles when a slot is this response's, which holds it until the answer is sent or the
 * connection drops. A request dropped while it waits leaves the line and is never rendered.
 */
function renderSlot(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (response.closed) return
    let holding = false
    const start = () => {
      holding = true
      resolve()
    }
    response.once('close', () => {
      if (!holding) waiting.splice(waiting.indexOf(start), 1)
      else if (waiting.length) waiting.shift()!()
      else rendering--
    })
    if (rendering < RENDER_SLOTS) {
      rendering++
      start()
    }
    else waiting.push(start)
  })
}
