import { randomInt } from 'node:crypto'
import { USERNAME_MAX, USERNAME_MIN, usernameProblem } from '../../shared/rules'

/*
 * The username of an account made by a provider sign-in, from the provider's login or nickname
 * (shared/API.md): what the field rules allow of it (letters of any script, digits, `_`, `-`,
 * `.`), and a random suffix when it is too short, all digits, or taken.
 */

/** Room kept at the end of a name for a suffix (`_` and four characters). */
const SUFFIX_ROOM = 5
const SUFFIX_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'

/**
 * What the field rules allow of `hint`: compatibility forms folded (full-width letters, …), every
 * run of other characters (spaces, emoji, `@`, punctuation) one `_`, no `_`/`-`/`.` at either end,
 * at most 45 characters. Null when nothing is left.
 */
export function usernameStem(hint: string): string | null {
  const stem = hint.normalize('NFKC')
    .replace(/[^\p{L}\p{M}\p{Nd}_.-]+/gu, '_')
    .replace(/_{2,}/g, '_')
    .replace(/^[_.-]+|[_.-]+$/g, '')
  const cut = [...stem].slice(0, USERNAME_MAX - SUFFIX_ROOM).join('').replace(/[_.-]+$/, '')
  return cut || null
}

/** A random suffix of four letters and digits (no look-alikes such as `l`/`1`, `o`/`0`). */
export function randomSuffix(): string {
  return Array.from({ length: 4 }, () => SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)]).join('')
}

/**
 * The names to try, in order, for an account from `provider` whose hints (login, nickname…) are
 * `hints`: the first usable stem as it is when the rules allow it, then with random suffixes;
 * `{provider}_user_` and a suffix when no hint leaves anything. Every name follows the field rules.
 */
export function usernameCandidates(hints: readonly string[], provider: string, tries = 6): string[] {
  const fromHint = hints.map(usernameStem).find(found => found !== null)
  const stem = fromHint ?? `${provider}_user`
  const candidates: string[] = []
  if (fromHint && usernameProblem(stem) === null) candidates.push(stem)
  while (candidates.length < tries) {
    const candidate = `${stem}_${randomSuffix()}`
    if (usernameProblem(candidate) === null && [...candidate].length >= USERNAME_MIN) candidates.push(candidate)
  }
  return candidates
}
