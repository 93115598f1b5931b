/** One figure over several runs of the bench: the median, and the lowest and highest value. */
export interface Spread {
  median: number
  min: number
  max: number
  runs: number
}

/** The median (the mean of the two middle values for an even count), min and max of `values`. */
export function spreadOf(values: number[]): Spread {
  if (values.length === 0) throw new Error('spreadOf: no values')
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: values.length }
}

/** `median` alone for one run; `median (min–max)` for several, each formatted by `format`. */
export function formatSpread(spread: Spread, format: (value: number) => string): string {
  if (spread.runs === 1) return format(spread.median)
  return `${format(spread.median)} (${format(spread.min)}–${format(spread.max)})`
}
