import fc from 'fast-check'
import {
  RULE_ZONES,
  addDays,
  deviceOffsetMinutes,
  localToUtc,
  offsetLabel,
  ruleOffsetMinutes,
  utcToLocal,
  zoneOffsetMinutes,
} from '../../miniprogram/core/time'

const at = (iso: string): number => Date.parse(iso)
const local = (year: number, month: number, day: number, hour = 0, minute = 0) => ({
  year,
  month,
  day,
  hour,
  minute,
  second: 0,
})

// This file runs under several TZ values (npm test runs it in Shanghai, Brussels and New York): nothing here may
// depend on the machine's own zone except the device-offset test, which compares against the runtime itself.
describe(`time zones (TZ=${process.env.TZ ?? 'unset'})`, () => {
  test('places China Standard Time at UTC+8 all year', () => {
    expect(zoneOffsetMinutes('Asia/Shanghai', at('2022-01-15T00:00:00Z'))).toBe(480)
    expect(zoneOffsetMinutes('Asia/Shanghai', at('2022-07-15T00:00:00Z'))).toBe(480)
  })

  test('moves Brussels between CET and CEST at 01:00 UTC on the last Sundays of March and October', () => {
    expect(zoneOffsetMinutes('Europe/Brussels', at('2022-03-27T00:59:59Z'))).toBe(60)
    expect(zoneOffsetMinutes('Europe/Brussels', at('2022-03-27T01:00:00Z'))).toBe(120)
    expect(zoneOffsetMinutes('Europe/Brussels', at('2022-10-30T00:59:59Z'))).toBe(120)
    expect(zoneOffsetMinutes('Europe/Brussels', at('2022-10-30T01:00:00Z'))).toBe(60)
  })

  test('turns an event’s local time in its zone into the right instant', () => {
    expect(localToUtc(local(2022, 4, 7, 9), 'Asia/Shanghai')).toBe(at('2022-04-07T01:00:00Z'))
    expect(localToUtc(local(2022, 1, 10, 9), 'Europe/Brussels')).toBe(at('2022-01-10T08:00:00Z'))
    expect(localToUtc(local(2022, 7, 10, 9), 'Europe/Brussels')).toBe(at('2022-07-10T07:00:00Z'))
    expect(localToUtc(local(2022, 11, 6, 9), 'America/New_York')).toBe(at('2022-11-06T14:00:00Z'))
  })

  test('resolves the hour that happens twice to its first occurrence, and the hour that never happens forward', () => {
    expect(localToUtc(local(2022, 10, 30, 2, 30), 'Europe/Brussels')).toBe(at('2022-10-30T00:30:00Z'))
    expect(localToUtc(local(2022, 3, 27, 2, 30), 'Europe/Brussels')).toBe(at('2022-03-27T01:30:00Z'))
  })

  test('shows an instant in any zone', () => {
    expect(utcToLocal(at('2022-04-07T01:00:00Z'), 'Asia/Shanghai')).toEqual(local(2022, 4, 7, 9))
    expect(utcToLocal(at('2022-04-07T01:00:00Z'), 'Europe/Brussels')).toEqual(local(2022, 4, 7, 3))
    expect(utcToLocal(at('2022-03-01T01:00:00Z'), 'Europe/Brussels')).toEqual(local(2022, 3, 1, 2))
  })

  test('round-trips any time of 2020–2030 in each zone we use, except in the spring-forward gap', () => {
    const zones = [
      'Asia/Shanghai',
      'Europe/Brussels',
      'Europe/London',
      'America/New_York',
      'Asia/Tokyo',
      'UTC',
    ]
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: at('2020-01-01T00:00:00Z') / 60_000, max: at('2030-12-31T00:00:00Z') / 60_000 }),
        (zone, minutes) => {
          const instant = minutes * 60_000
          const wall = utcToLocal(instant, zone)
          const back = localToUtc(wall, zone)
          // In an overlap the earlier instant is chosen; otherwise the round trip is exact.
          expect(instant - back === 0 || instant - back === 3_600_000).toBe(true)
          expect(utcToLocal(back, zone)).toEqual(wall)
        },
      ),
      { numRuns: 3000 },
    )
  })

  test('has built-in rules that agree with Intl, for runtimes without the zone data', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RULE_ZONES),
        fc.integer({ min: at('2008-01-01T00:00:00Z') / 60_000, max: at('2036-12-31T00:00:00Z') / 60_000 }),
        (zone, minutes) => {
          expect(ruleOffsetMinutes(zone, minutes * 60_000)).toBe(zoneOffsetMinutes(zone, minutes * 60_000))
        },
      ),
      { numRuns: 5000 },
    )
  })

  test('remembers offsets by day and still gives Intl’s exact answer at any instant, clock changes included', () => {
    const exact = (zone: string, utcMs: number): number => {
      const parts = Object.fromEntries(
        new Intl.DateTimeFormat('en-US', {
          timeZone: zone,
          hourCycle: 'h23',
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: 'numeric',
          second: 'numeric',
        })
          .formatToParts(new Date(utcMs))
          .filter((p) => p.type !== 'literal')
          .map((p) => [p.type, Number(p.value)]),
      ) as Record<string, number>
      const wall = Date.UTC(
        parts.year ?? 0,
        (parts.month ?? 1) - 1,
        parts.day,
        parts.hour,
        parts.minute,
        parts.second,
      )
      return Math.round((wall - Math.floor(utcMs / 1000) * 1000) / 60_000)
    }
    // Zones with half-hour and 45-minute offsets, half-hour and two-hour clock changes, and changes in Ramadan.
    const zones = [
      'Europe/Brussels',
      'America/New_York',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
      'America/St_Johns',
      'Asia/Kathmandu',
      'Africa/Casablanca',
      'Antarctica/Troll',
      'Asia/Shanghai',
    ]
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: at('1970-01-01T00:00:00Z') / 1000, max: at('2099-12-31T00:00:00Z') / 1000 }),
        (zone, seconds) => {
          expect(zoneOffsetMinutes(zone, seconds * 1000)).toBe(exact(zone, seconds * 1000))
        },
      ),
      { numRuns: 5000 },
    )
    // Around every clock change of Brussels in 2026, minute by minute.
    for (const change of [at('2026-03-29T01:00:00Z'), at('2026-10-25T01:00:00Z')])
      for (let m = -90; m <= 90; m++)
        expect(zoneOffsetMinutes('Europe/Brussels', change + m * 60_000)).toBe(
          exact('Europe/Brussels', change + m * 60_000),
        )
  })

  test('knows the device’s own offset as the runtime does', () => {
    const instant = at('2022-07-01T12:00:00Z')
    expect(deviceOffsetMinutes(instant)).toBe(-new Date(instant).getTimezoneOffset())
  })

  test('adds calendar days across months and years', () => {
    expect(addDays({ year: 2022, month: 4, day: 7 }, 3)).toEqual({ year: 2022, month: 4, day: 10 })
    expect(addDays({ year: 2022, month: 12, day: 31 }, 1)).toEqual({ year: 2023, month: 1, day: 1 })
  })

  test('labels offsets', () => {
    expect(offsetLabel(480)).toBe('UTC+8')
    expect(offsetLabel(-330)).toBe('UTC−5:30')
  })
})
