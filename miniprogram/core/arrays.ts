// Array helpers for lists whose length comes from content. Pure.

/**
 * Appends `items` to `target` one by one and returns `target`: `target.push(...items)` puts every item on the
 * stack, and a long enough list from content overflows it (a lint rule bans spreading into calls in the app).
 */
export function appendAll<T>(target: T[], items: readonly T[]): T[] {
  for (const item of items) target.push(item)
  return target
}

/** The smallest and largest of `values` and `also`, without spreading them into Math.min / Math.max. */
export function extent(values: readonly number[], also: number): { min: number; max: number } {
  let min = also
  let max = also
  for (const value of values) {
    if (value < min) min = value
    if (value > max) max = value
  }
  return { min, max }
}
