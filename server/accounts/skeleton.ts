import { createHash } from 'node:crypto'
import unhomoglyph from 'unhomoglyph'

/*
 * Look-alike usernames (shared/API.md, "Field rules"): a name whose confusable skeleton equals a
 * taken name's is taken. The skeleton is UTS #39's, NFD(map(NFD(name))), with the mapping of
 * Unicode's confusables.txt as the `unhomoglyph` package ships it; that table, not this file,
 * decides which characters look alike (e.g. `m` and `rn`, `0` and `O`, `1` and `l` do).
 */

/** The blocks of combining diacritical marks: the column's collation sets them aside (accents). */
const DIACRITIC_BLOCKS = [[0x0300, 0x036F], [0x1AB0, 0x1AFF], [0x1DC0, 0x1DFF], [0x20D0, 0x20FF], [0xFE20, 0xFE2F]]
const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/u

/** Whether the collation weighs the character at all: not a combining diacritic or a default-ignorable one. */
function isWeighed(character: string): boolean {
  const point = character.codePointAt(0)!
  return !DEFAULT_IGNORABLE.test(character) && !DIACRITIC_BLOCKS.some(([first, last]) => point >= first! && point <= last!)
}

/** UTS #39's skeleton: NFD, the confusables mapping, NFD again. */
function uts39Skeleton(text: string): string {
  return unhomoglyph(text.normalize('NFD')).normalize('NFD')
}

/**
 * The confusable skeleton of a username, made to agree with how the column compares names
 * (utf8mb4_unicode_520_ci: case, width and accents aside): a name is one name in all its cases,
 * so its skeleton is taken from one of them, NFKC and lower case (`ΑDMIN` with a Greek Alpha is
 * `αdmin`, then `admin`). The table maps some characters to capitals (`0` to `O`): those are
 * lower-cased and mapped once more, so `admin0` looks like `adminO`, which is `admino`. The marks
 * the collation ignores are dropped. Capital `I` against `l` is not caught: in lower case it is `i`.
 */
export function usernameSkeleton(username: string): string {
  const once = uts39Skeleton(username.normalize('NFKC').toLowerCase())
  return [...uts39Skeleton(once.toLowerCase()).toLowerCase()].filter(isWeighed).join('').normalize('NFC')
}

/**
 * What `users.username_skeleton` stores: the SHA-256 (hex) of the skeleton. A skeleton may be
 * many times longer than its 50-character name (one character can map to 18), too long for a
 * unique index on the text itself; its hash has a fixed size and compares exactly.
 */
export function usernameSkeletonKey(username: string): string {
  return createHash('sha256').update(usernameSkeleton(username)).digest('hex')
}
