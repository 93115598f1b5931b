/**
 * Whether a lower-cased password is on a common-password list (zxcvbn-ts' `passwords-common`,
 * which the server refuses and the new-password checklist warns of). The list is kept as one
 * sorted array searched by halves: about 380 kB of heap for its 49,000 entries, where a `Set` of
 * the same strings holds 1.6 MB for as long as the server runs (docs/benchmarks.md, "seventh
 * round").
 */
export function commonPasswordTest(list: readonly unknown[]): (lowered: string) => boolean {
  // Default sort and `<` both compare UTF-16 code units, so the search agrees with the order.
  const sorted = list.map(String).sort()
  return (lowered) => {
    let low = 0
    let high = sorted.length - 1
    while (low <= high) {
      const middle = (low + high) >>> 1
      const entry = sorted[middle]!
      if (entry === lowered) return true
      if (entry < lowered) low = middle + 1
      else high = middle - 1
    }
    return false
  }
}
