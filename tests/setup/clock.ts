// Setting "now" for pages (which load in their own module registries): only Date is faked, timers run as usual.

const REAL_TIMERS = [
  'nextTick',
  'setImmediate',
  'clearImmediate',
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'queueMicrotask',
  'hrtime',
  'performance',
] as const

export function setNow(iso: string): void {
  jest.useFakeTimers({ now: Date.parse(iso), doNotFake: [...REAL_TIMERS] })
}

export function realNow(): void {
  jest.useRealTimers()
}
