/**
 * Seconds left before something may happen again (resending a code): `start(60)` counts
 * `remaining` down to 0 once a second, by the clock, so a throttled background tab stays right.
 */
export function useCountdown() {
  const remaining = ref(0)
  let timer: ReturnType<typeof setInterval> | undefined

  function stop() {
    clearInterval(timer)
    timer = undefined
  }

  function start(seconds: number) {
    stop()
    const deadline = Date.now() + seconds * 1000
    const tick = () => {
      remaining.value = Math.max(0, Math.ceil((deadline - Date.now()) / 1000))
      if (remaining.value === 0) stop()
    }
    tick()
    if (import.meta.client && remaining.value > 0) timer = setInterval(tick, 1000)
  }

  onScopeDispose(stop)
  return { remaining, start, stop }
}
