import fc from 'fast-check'
import {
  expandTemplate,
  feedItemId,
  hasLoneSurrogate,
  hasOwn,
  imageUrlProblem,
  isPathSafeId,
  parseDuration,
  parseGeoUri,
  parseLocalDateTime,
  parseRfc3339,
  scanLoneSurrogate,
} from '../../miniprogram/core/format'

describe('format rules', () => {
  test('reads RFC 3339 date-times with their offsets', () => {
    expect(parseRfc3339('2022-01-17T09:00:00+01:00')).toBe(Date.UTC(2022, 0, 17, 8))
    expect(parseRfc3339('2022-01-17T16:00:00+08:00')).toBe(Date.UTC(2022, 0, 17, 8))
    expect(parseRfc3339('2021-12-01T08:30:00.250-05:00')).toBe(Date.UTC(2021, 11, 1, 13, 30, 0, 250))
  })

  test.each([
    '2021-02-29T10:00:00Z',
    '2022-13-01T00:00:00Z',
    '2022-01-17T24:00:00Z',
    '2022-01-17T09:00:00',
    'yesterday',
    '2022-01-17',
  ])('rejects %s as a date-time', (text) => {
    expect(parseRfc3339(text)).toBeUndefined()
  })

  test("reads date-times right however they alternate (an item's two dates are checked, then read, in turn)", () => {
    const expected: Record<string, number | undefined> = {
      '2022-01-17T09:00:00+01:00': Date.UTC(2022, 0, 17, 8),
      '2021-12-01T08:30:00.250-05:00': Date.UTC(2021, 11, 1, 13, 30, 0, 250),
      '2022-01-24T08:00:00Z': Date.UTC(2022, 0, 24, 8),
      yesterday: undefined,
    }
    const [a, b, c] = Object.keys(expected) as [string, string, string]
    for (const text of [a, b, a, b, c, a, c, b, 'yesterday', a, 'yesterday', c])
      expect(parseRfc3339(text)).toBe(expected[text])
  })

  test('accepts 29 February only in leap years', () => {
    expect(parseLocalDateTime('2024-02-29T00:00:00')).toEqual({
      year: 2024,
      month: 2,
      day: 29,
      hour: 0,
      minute: 0,
      second: 0,
    })
    expect(parseLocalDateTime('2022-02-29T00:00:00')).toBeUndefined()
    expect(parseLocalDateTime('2022-04-07T09:00:00Z')).toBeUndefined()
  })

  test('keeps calendar days apart from exact time in durations', () => {
    expect(parseDuration('P4D')).toEqual({ days: 4, seconds: 0 })
    expect(parseDuration('P1W2DT1H30M')).toEqual({ days: 9, seconds: 5400 })
    expect(parseDuration('PT0.5S')).toEqual({ days: 0, seconds: 0.5 })
    for (const bad of ['P', 'PT', 'P1M', 'P1Y', '4D', 'P1DT']) expect(parseDuration(bad)).toBeUndefined()
  })

  test('reads geo URIs and refuses coordinates off the globe', () => {
    expect(parseGeoUri('geo:31.2304,121.4737')).toEqual({ latitude: 31.2304, longitude: 121.4737 })
    expect(parseGeoUri('geo:-33.8,151.2;u=35')).toEqual({ latitude: -33.8, longitude: 151.2 })
    expect(parseGeoUri('geo:91,10')).toBeUndefined()
  })

  test('reads numeric item ids as strings and refuses empty ones', () => {
    expect(feedItemId(2048)).toBe('2048')
    expect(feedItemId('a')).toBe('a')
    expect(feedItemId('')).toBeUndefined()
    expect(feedItemId(null)).toBeUndefined()
  })

  test('allows only ids that can name a file on any host', () => {
    expect(isPathSafeId('health-tech-en')).toBe(true)
    for (const bad of ['..', '.hidden', 'a/b', 'https://x.org/1', '']) expect(isPathSafeId(bad)).toBe(false)
  })

  test('fills document templates with the encoded id', () => {
    expect(expandTemplate('articles/{id}.json', 'a b')).toBe('articles/a%20b.json')
    expect(expandTemplate('events/{uid}.json', 'cmef-2022')).toBe('events/cmef-2022.json')
  })

  test('accepts https and relative image URLs only', () => {
    expect(imageUrlProblem('https://a.example/x.png')).toBeUndefined()
    expect(imageUrlProblem('images/x.png')).toBeUndefined()
    expect(imageUrlProblem('http://a.example/x.png')).toMatch(/https/)
    expect(imageUrlProblem('javascript:alert(1)')).toMatch(/javascript/)
  })

  test('reads any RFC 3339 date-time to the instant it names (fast and full paths alike)', () => {
    const pad = (n: number, width = 2): string => String(n).padStart(width, '0')
    fc.assert(
      fc.property(
        // Written dates stay within MIN_YEAR..MAX_YEAR at any offset.
        fc.date({
          min: new Date('1900-01-02T00:00:00Z'),
          max: new Date('2199-12-30T23:59:59Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
        fc.constantFrom('T', 't', ' '),
        fc.constantFrom('', '.5', '.123', '.123456'),
        (instant, offset, separator, fraction) => {
          // The wall-clock time at `offset` minutes east of UTC, written with that offset.
          const local = new Date(Math.floor(instant.getTime() / 1000) * 1000 + offset * 60_000)
          const sign = offset < 0 ? '-' : '+'
          const zone =
            offset === 0 && fraction === ''
              ? 'Z'
              : `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
          const text = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}${separator}${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${fraction}${zone}`
          const millis = fraction === '' ? 0 : Math.round(Number(fraction) * 1000)
          expect(parseRfc3339(text)).toBe(Math.floor(instant.getTime() / 1000) * 1000 + millis)
        },
      ),
      { numRuns: 2000 },
    )
  })

  test('finds a lone surrogate by the scan (older engines) as the native test does, in any text', () => {
    // Code units drawn near and inside the surrogate range, so that pairs, lone halves and reversed pairs all occur.
    const unit = fc.oneof(
      fc.integer({ min: 0xd800, max: 0xdfff }),
      fc.constantFrom(0x41, 0x4e2d, 0xd83d, 0xde00, 0xdbff, 0xdc00),
    )
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 12 }), (units) => {
        const text = String.fromCharCode(...units)
        let lone = false
        try {
          encodeURIComponent(text)
        } catch {
          lone = true
        }
        expect(scanLoneSurrogate(text)).toBe(lone)
        expect(hasLoneSurrogate(text)).toBe(lone)
      }),
      { numRuns: 2000 },
    )
  })

  test('an own property is told from an inherited one, with or without Object.hasOwn', () => {
    const own = hasOwn
    const native = (Object as { hasOwn?: unknown }).hasOwn
    Reflect.deleteProperty(Object, 'hasOwn')
    try {
      jest.isolateModules(() => {
        const { hasOwn: fallback } = jest.requireActual<{ hasOwn: typeof hasOwn }>(
          '../../miniprogram/core/format',
        )
        for (const check of [own, fallback]) {
          expect(check({ a: 1 }, 'a')).toBe(true)
          expect(check({ a: 1 }, 'toString')).toBe(false)
          expect(check(JSON.parse('{"__proto__": 1}') as object, '__proto__')).toBe(true)
        }
        expect(fallback).not.toBe(native)
      })
    } finally {
      Object.defineProperty(Object, 'hasOwn', { value: native, writable: true, configurable: true })
    }
  })
})
