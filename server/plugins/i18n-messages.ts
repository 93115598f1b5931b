import { deepFreeze } from '../utils/deep-freeze'

/** @nuxtjs/i18n's route for a language's texts: `/_i18n/<build hash>/<code>/messages.json`. */
const MESSAGES_ROUTE = /^\/_i18n\/[^/?]+\/[^/?]+\/messages\.json$/

/**
 * Every server render asks @nuxtjs/i18n's route for its language's texts
 * (`$fetch('/_i18n/<hash>/<code>/messages.json')`): the request goes through the whole stack and
 * the route's cache, the texts are written out as JSON and parsed back each time, about 10% of
 * the CPU of rendering `/login` (docs/benchmarks.md, issue 16). The texts are fixed when the app
 * is built (the hash in the address names the build), so the renders' `$fetch` keeps the first
 * answer for each address and hands it to every later render, frozen: each render's vue-i18n
 * reads them as they are (modules/shared-i18n-texts.ts) and never changes them, and a render that
 * tried would fail loudly rather than change another's texts. Browsers still fetch the route as
 * before.
 */
export default defineNitroPlugin(() => {
  // Typed loosely: $fetch's own route-typed signature is too deep for the compiler to compare.
  const fetchOnServer = globalThis.$fetch as unknown as (...args: unknown[]) => Promise<unknown>
  const kept = new Map<string, Promise<unknown>>()
  const keepingFetch = new Proxy(fetchOnServer, {
    apply(target, thisArg, args: unknown[]) {
      const [request] = args
      if (typeof request !== 'string' || !MESSAGES_ROUTE.test(request)) return Reflect.apply(target, thisArg, args)
      let answer = kept.get(request)
      if (!answer) {
        answer = Reflect.apply(target, thisArg, args).then(deepFreeze)
        answer.catch(() => kept.delete(request))
        kept.set(request, answer)
      }
      return answer
    },
  })
  globalThis.$fetch = keepingFetch as unknown as typeof globalThis.$fetch
})
