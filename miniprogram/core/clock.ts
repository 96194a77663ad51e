// "Now", from one injectable place, so tests and previews can show the app as of any date. Pure.

let source: () => number = () => Date.now()

/** Epoch milliseconds. */
export function now(): number {
  return source()
}

/** Replaces the clock (tests, previews); call with no argument to go back to the real one. */
export function setClock(clock?: () => number): void {
  source = clock ?? (() => Date.now())
}
