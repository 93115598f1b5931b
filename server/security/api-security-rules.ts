import { deepFreeze } from '../utils/deep-freeze'

/*
 * nuxt-security works out the rules of each request anew: a structuredClone of all its options,
 * a new radix router over them, a merge of the matching ones. On a page that is needed (the CSP
 * is rewritten with the page's own nonce: server/plugins/page-tags.ts). On `/api`
 * it is wasted: every API path matches the same rules, and no API answer is HTML. Measured on
 * `GET /api/auth/me`, that work was 14% of the server's busy CPU (docs/benchmarks.md). So the
 * rules nuxt-security itself resolved for the first API request are kept, frozen, and handed to
 * the later ones (server/plugins/api-security-rules.ts); pages keep the per-request resolution.
 */

/**
 * Whether every `/api` path matches the same route rules, so that one resolution serves them
 * all: true unless a rule other than `/**` and `/api/**` could match some API path (one under
 * `/api`, or one whose first segment is a wildcard or a parameter).
 */
export function apiPathsShareRules(routeRulePatterns: string[]): boolean {
  return routeRulePatterns.every((pattern) => {
    if (pattern === '/**' || pattern === '/api/**') return true
    const first = pattern.split('/')[1] ?? ''
    return !(first === 'api' || first.startsWith('api?') || first === '*' || first === '**' || first.startsWith(':'))
  })
}

/** The rules of API answers: those resolved for one, without a CSP nonce (JSON is never a document). */
export function apiSecurityRules<T extends object>(resolved: T): Readonly<T & { nonce: false }> {
  return deepFreeze({ ...structuredClone(resolved), nonce: false as const })
}
