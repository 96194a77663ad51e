// Promises without async/await: the official compiler turns every async function into ES5 with a 17.6 KB runtime
// (regenerator), downloaded before the first page. The app writes .then chains instead (lint forbids async here).

/** Runs `work` now; what it returns or throws becomes the promise's value or rejection, as an async function would. */
export function attempt<T>(work: () => T | PromiseLike<T>): Promise<T> {
  return new Promise<T>((resolve) => resolve(work()))
}
