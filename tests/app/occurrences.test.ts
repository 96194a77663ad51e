import fc from 'fast-check'
import { RRule, type Options, type Weekday as RRuleWeekday } from 'rrule'
import { parseEvents, type CalendarEvent } from '../../miniprogram/core/events'
import { parseRecurrence, parseRule, WEEKDAYS, type Rule } from '../../miniprogram/core/recurrence'
import {
  budget,
  expandEvents,
  expandRule,
  expansionCost,
  MAX_CALENDAR_OCCURRENCES,
  MAX_CANDIDATES,
  MAX_OCCURRENCES,
  occurrenceFor,
  occurrencesOf,
} from '../../miniprogram/core/occurrences'
import { scheduleOf } from '../../miniprogram/core/schedule'

const URL = 'https://cdn.example.com/events.json'
const NOW = Date.UTC(2026, 11, 2, 4)
const event = (fields: Record<string, unknown>): CalendarEvent => {
  const [e] = parseEvents(
    {
      '@type': 'Event',
      uid: 'r',
      updated: '2026-01-01T00:00:00Z',
      title: 'Members’ meeting',
      timeZone: 'Asia/Shanghai',
      duration: 'PT1H',
      ...fields,
    },
    URL,
  ).events
  if (!e) throw new Error('no event')
  return e
}
const starts = (events: CalendarEvent[]): string[] => events.map((e) => e.recurrenceId ?? 'master')

describe('recurring events', () => {
  test('a weekly meeting with no end shows every Monday of the year around today, none years ago', () => {
    const meeting = event({
      start: '2020-01-06T09:00:00',
      recurrenceRules: [{ '@type': 'RecurrenceRule', frequency: 'weekly' }],
    })
    const all = occurrencesOf(meeting, NOW)
    expect(all.length).toBeGreaterThanOrEqual(104)
    expect(all.length).toBeLessThanOrEqual(106)
    for (const e of all) {
      const s = scheduleOf(e)
      expect(
        s.kind === 'timed' && new Date(Date.UTC(s.first.year, s.first.month - 1, s.first.day)).getUTCDay(),
      ).toBe(1)
      expect(e.start?.hour).toBe(9)
      expect(Math.abs(s.kind === 'tba' ? 0 : s.startMs - NOW)).toBeLessThanOrEqual(367 * 86_400_000)
    }
    expect(occurrenceFor(meeting, NOW).recurrenceId).toBe('2026-12-07T09:00:00')
  })

  test('a yearly event from 1900 is this year’s and next year’s, not a past event of 1900', () => {
    const day = event({
      start: '1900-03-15T00:00:00',
      showWithoutTime: true,
      duration: 'P1D',
      recurrenceRules: [{ '@type': 'RecurrenceRule', frequency: 'yearly' }],
    })
    expect(starts(occurrencesOf(day, NOW))).toEqual(['2026-03-15T00:00:00', '2027-03-15T00:00:00'])
  })

  test('the last Friday of the month, five times (the start counts)', () => {
    const fridays = event({
      start: '2026-10-30T18:00:00',
      recurrenceRules: [{ frequency: 'monthly', byDay: [{ day: 'fr', nthOfPeriod: -1 }], count: 5 }],
    })
    expect(starts(occurrencesOf(fridays, NOW))).toEqual([
      '2026-10-30T18:00:00',
      '2026-11-27T18:00:00',
      '2026-12-25T18:00:00',
      '2027-01-29T18:00:00',
      '2027-02-26T18:00:00',
    ])
  })

  test('the 31st only in months that have one; until is inclusive', () => {
    const e = event({
      start: '2026-10-31T10:00:00',
      recurrenceRules: [{ frequency: 'monthly', until: '2027-03-31T10:00:00' }],
    })
    expect(starts(occurrencesOf(e, NOW))).toEqual([
      '2026-10-31T10:00:00',
      '2026-12-31T10:00:00',
      '2027-01-31T10:00:00',
      '2027-03-31T10:00:00',
    ])
  })

  test('excluded rules and overrides: skipped, moved, renamed, cancelled and added occurrences', () => {
    const e = event({
      start: '2026-11-02T09:00:00',
      recurrenceRules: [{ frequency: 'weekly', until: '2026-12-31T23:59:59' }],
      excludedRecurrenceRules: [{ frequency: 'monthly', byMonthDay: [16] }],
      recurrenceOverrides: {
        '2026-11-09T09:00:00': { excluded: true },
        '2026-11-23T09:00:00': { start: '2026-11-24T14:00:00', title: 'Moved meeting' },
        '2026-11-30T09:00:00': { status: 'cancelled' },
        '2027-01-04T09:00:00': { title: 'Extra meeting' },
        '2026-12-07T09:00:00': JSON.parse('{"__proto__": {"polluted": true}}') as object,
      },
    })
    const all = occurrencesOf(e, NOW)
    expect(starts(all)).toEqual([
      '2026-11-02T09:00:00',
      '2026-11-23T09:00:00',
      '2026-11-30T09:00:00',
      '2026-12-07T09:00:00',
      '2026-12-14T09:00:00',
      '2026-12-21T09:00:00',
      '2026-12-28T09:00:00',
      '2027-01-04T09:00:00',
    ])
    const moved = all[1] as CalendarEvent
    expect([moved.start?.day, moved.start?.hour, moved.title.en]).toEqual([24, 14, 'Moved meeting'])
    expect(all[2]?.status).toBe('cancelled')
    expect(all[7]?.title.en).toBe('Extra meeting')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  test('a floating-time event keeps the reader’s wall-clock time', () => {
    const e = event({
      start: '2026-12-01T08:30:00',
      timeZone: null,
      recurrenceRules: [{ frequency: 'daily', count: 3 }],
    })
    const all = occurrencesOf(e, NOW)
    expect(all.map((o) => o.start?.hour)).toEqual([8, 8, 8])
    const first = scheduleOf(all[0] as CalendarEvent)
    const local = new Date(first.kind === 'timed' ? first.startMs : 0)
    expect([local.getHours(), local.getMinutes()]).toEqual([8, 30])
  })

  test('a one-off event, and one whose occurrences are all outside the window, stay as they are', () => {
    const once = event({ start: '2026-12-10T09:00:00' })
    expect(occurrencesOf(once, NOW)).toEqual([once])
    const ended = event({ start: '2001-01-01T09:00:00', recurrenceRules: [{ frequency: 'daily', count: 3 }] })
    expect(occurrencesOf(ended, NOW)).toEqual([ended])
    expect(expandEvents([once, ended], NOW)).toEqual([once, ended])
  })

  test.each([
    [{ frequency: 'hourly' }, /within a day/],
    [{ frequency: 'weekly', byWeekNo: [3] }, /byWeekNo/],
    [{ frequency: 'yearly', rscale: 'chinese' }, /rscale/],
    [{ frequency: 'monthly', skip: 'forward' }, /skip/],
    [{ frequency: 'yearly', byMonth: ['3L'] }, /leap/],
    [{ frequency: 'weekly', byDay: [{ day: 'mo', nthOfPeriod: 2 }] }, /nthOfPeriod/],
    [{ frequency: 'daily', count: 2, until: '2027-01-01T00:00:00' }, /count or until/],
    ['FREQ=WEEKLY', /object/],
  ])('says why a rule cannot be expanded: %p', (raw, reason) => {
    const rule = parseRule(raw)
    expect('problem' in rule && rule.problem).toMatch(reason)
    const { problems } = parseRecurrence({ recurrenceRules: [raw] })
    expect(problems.map((p) => `${p.path}: ${p.message}`).join('\n')).toMatch(reason)
  })
})

// rrule (a well-kept RFC 5545 library, a dev dependency only) as the oracle: the same rule, the same window.
const DAY_CODES = [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA, RRule.SU]
const FREQ = { yearly: RRule.YEARLY, monthly: RRule.MONTHLY, weekly: RRule.WEEKLY, daily: RRule.DAILY }
function oracle(rule: Rule, start: Date, from: Date, to: Date): number[] {
  const options: Partial<Options> = {
    freq: FREQ[rule.frequency],
    interval: rule.interval,
    dtstart: start,
    wkst: DAY_CODES[rule.firstDayOfWeek] as RRuleWeekday,
  }
  if (rule.byDay)
    options.byweekday = rule.byDay.map((d) => {
      const code = DAY_CODES[d.day] as RRuleWeekday
      return d.nth === undefined ? code : code.nth(d.nth)
    })
  if (rule.byMonthDay) options.bymonthday = rule.byMonthDay
  if (rule.byMonth) options.bymonth = rule.byMonth
  if (rule.byHour) options.byhour = [...rule.byHour].sort((a, b) => a - b)
  if (rule.byMinute) options.byminute = [...rule.byMinute].sort((a, b) => a - b)
  if (rule.bySetPosition) options.bysetpos = rule.bySetPosition
  if (rule.until)
    options.until = new Date(
      Date.UTC(rule.until.year, rule.until.month - 1, rule.until.day, rule.until.hour, rule.until.minute),
    )
  // rrule repeats a date two positions pick, and leaves a day's times as listed; RFC 5545 has sorted sets.
  const all = new RRule(options).between(from, to, true).map((d) => d.getTime() / 1000)
  return [...new Set(all)].sort((a, b) => a - b)
}

describe('rule expansion against rrule', () => {
  const rawRule = fc.record(
    {
      frequency: fc.constantFrom('yearly', 'monthly', 'weekly', 'daily'),
      interval: fc.integer({ min: 1, max: 5 }),
      firstDayOfWeek: fc.constantFrom(...WEEKDAYS),
      byDay: fc.uniqueArray(fc.record({ day: fc.constantFrom(...WEEKDAYS) }, { requiredKeys: ['day'] }), {
        minLength: 1,
        maxLength: 3,
        selector: (d) => d.day,
      }),
      byMonthDay: fc.uniqueArray(
        fc.oneof(fc.integer({ min: 1, max: 31 }), fc.integer({ min: -31, max: -1 })),
        {
          minLength: 1,
          maxLength: 3,
        },
      ),
      byMonth: fc.uniqueArray(fc.integer({ min: 1, max: 12 }).map(String), { minLength: 1, maxLength: 4 }),
      byHour: fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 1, maxLength: 2 }),
      bySetPosition: fc.uniqueArray(
        fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: -4, max: -1 })),
        {
          minLength: 1,
          maxLength: 2,
        },
      ),
      until: fc
        .date({
          min: new Date(Date.UTC(2025, 0, 1)),
          max: new Date(Date.UTC(2029, 0, 1)),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString().slice(0, 19)),
    },
    { requiredKeys: ['frequency'] },
  )

  test('generates the same occurrences as rrule over the window, for any rule the app expands', () => {
    fc.assert(
      fc.property(
        rawRule,
        // rrule walks from the start: starts from 2018 keep it quick (ours skips ahead; see the next test).
        fc.date({
          min: new Date(Date.UTC(2018, 0, 1)),
          max: new Date(Date.UTC(2026, 11, 31)),
          noInvalidDate: true,
        }),
        (raw, date) => {
          const rule = parseRule(raw)
          fc.pre(!('problem' in rule))
          const parsed = rule as Rule
          fc.pre(!(parsed.frequency === 'weekly' && parsed.byMonthDay))
          // rrule also picks positions beyond the end of a period's set (RFC 5545: none there): compare sets that
          // always have four or more members (a weekday of a month or a year).
          if (parsed.bySetPosition)
            fc.pre(
              (parsed.frequency === 'monthly' || parsed.frequency === 'yearly') &&
                parsed.byDay !== undefined &&
                parsed.byMonthDay === undefined,
            )
          const start = new Date(Math.floor(date.getTime() / 60_000) * 60_000)
          const local = {
            year: start.getUTCFullYear(),
            month: start.getUTCMonth() + 1,
            day: start.getUTCDate(),
            hour: start.getUTCHours(),
            minute: start.getUTCMinutes(),
            second: 0,
          }
          const fromDay = 20_000 // 2024-10-04
          const toDay = 20_800 // 2026-12-12
          const ours = expandRule(parsed, local, fromDay, toDay, false)
          const expected = oracle(
            parsed,
            start,
            new Date(fromDay * 86_400_000),
            new Date((toDay + 1) * 86_400_000 - 1000),
          ).filter((at) => at > start.getTime() / 1000)
          expect(ours).toEqual(expected.slice(0, MAX_OCCURRENCES))
        },
      ),
      { numRuns: 250 },
    )
  })

  test('stays bounded for any rule and any start: sorted, within the window, at most MAX_OCCURRENCES', () => {
    fc.assert(
      fc.property(
        rawRule,
        fc.integer({ min: 0, max: 100_000 }),
        fc.date({
          min: new Date(Date.UTC(1900, 0, 1)),
          max: new Date(Date.UTC(2199, 0, 1)),
          noInvalidDate: true,
        }),
        (raw, count, date) => {
          const rule = parseRule({ ...raw, until: undefined, count: count || undefined })
          fc.pre(!('problem' in rule))
          const e = event({
            start: date.toISOString().slice(0, 19),
            recurrenceRules: [{ ...raw, until: undefined, ...(count ? { count } : {}) }],
          })
          const all = occurrencesOf(e, NOW)
          expect(all.length).toBeLessThanOrEqual(MAX_OCCURRENCES)
          const ms = all.map((o) => {
            const s = scheduleOf(o)
            return s.kind === 'tba' ? 0 : s.startMs
          })
          expect(ms).toEqual([...ms].sort((a, b) => a - b))
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('hostile recurrence', () => {
  test('any JSON as rules and overrides: never an exception, a polluted prototype, or more than the bounds', () => {
    const junk = fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true })
    const ruleish = fc.record(
      {
        frequency: fc.oneof(fc.constantFrom('yearly', 'monthly', 'weekly', 'daily', 'hourly'), junk),
        interval: fc.oneof(fc.integer({ min: -5, max: 1e9 }), junk),
        byDay: fc.oneof(
          fc.array(fc.record({ day: fc.oneof(fc.constantFrom(...WEEKDAYS), junk), nthOfPeriod: junk })),
          junk,
        ),
        byMonthDay: fc.oneof(fc.array(fc.integer({ min: -40, max: 40 })), junk),
        byMonth: fc.oneof(fc.array(fc.string()), junk),
        bySetPosition: fc.oneof(fc.array(fc.integer({ min: -400, max: 400 })), junk),
        count: fc.oneof(fc.integer({ min: -1, max: 1e9 }), junk),
        until: fc.oneof(fc.string(), junk),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(
        fc.oneof(fc.array(ruleish, { maxLength: 12 }), junk),
        fc.oneof(fc.array(ruleish, { maxLength: 3 }), junk),
        fc.oneof(
          fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('2026-12-07T09:00:00', '__proto__')), junk),
          junk,
        ),
        (rules, excluded, overrides) => {
          const raw = {
            '@type': 'Event',
            uid: 'h',
            updated: '2026-01-01T00:00:00Z',
            title: 'Hostile',
            start: '2026-12-07T09:00:00',
            duration: 'PT1H',
            recurrenceRules: rules,
            excludedRecurrenceRules: excluded,
            recurrenceOverrides: overrides,
          }
          expect(() => parseRecurrence(raw)).not.toThrow()
          const list = parseEvents({ '@type': 'Group', uid: 'g', entries: [raw] }, URL)
          for (const e of list.events) {
            const all = occurrencesOf(e, NOW)
            expect(all.length).toBeGreaterThan(0)
            expect(all.length).toBeLessThanOrEqual(MAX_OCCURRENCES)
          }
          expect(({} as Record<string, unknown>).polluted).toBeUndefined()
          expect(Object.keys(Object.prototype)).toEqual([])
        },
      ),
      { numRuns: 400 },
    )
  })
})

describe('expansion bounded by work, not by output', () => {
  const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i)
  const everySecond = { byHour: range(24), byMinute: range(60), bySecond: range(60) }
  const months = range(12).map((m) => m + 1)

  test.each([
    ['daily', { frequency: 'daily', ...everySecond }],
    [
      'yearly, every day of every month',
      {
        frequency: 'yearly',
        byMonth: months.map(String),
        byMonthDay: range(31).map((d) => d + 1),
        ...everySecond,
      },
    ],
    [
      'weekly, every day',
      { frequency: 'weekly', byDay: WEEKDAYS.map((day) => ({ '@type': 'NDay', day })), ...everySecond },
    ],
  ])('a rule at every second (%s) is its first date, within the budget, and says why', (_name, rule) => {
    const e = event({
      start: '2026-01-01T09:00:00',
      recurrenceRules: [{ '@type': 'RecurrenceRule', ...rule }],
    })
    // The work is counted before a period's times are made: a yearly period here is 31 million of them.
    const work = budget()
    const parsed = e.recurrence?.rules[0] as Rule
    const out = expandRule(parsed, e.start as never, 20_000, 21_000, true, work)
    expect(work.cut).toBe(true)
    expect(MAX_CANDIDATES - work.left).toBeLessThanOrEqual(MAX_CANDIDATES + 366 * 86_400)
    expect(out.length).toBeLessThanOrEqual(MAX_OCCURRENCES)
    // The event is shown as its first date (its page says how it repeats), never frozen.
    expect(occurrencesOf(e, NOW)).toEqual([e])
    expect(expansionCost([e], NOW).tooMuchWork).toEqual(['r'])
  })

  test('200 daily events: at most MAX_CALENDAR_OCCURRENCES dates in all, the rest as their first date', () => {
    const events = range(200).map((i) =>
      event({
        uid: `d${i}`,
        start: '2026-01-01T09:00:00',
        recurrenceRules: [{ '@type': 'RecurrenceRule', frequency: 'daily' }],
      }),
    )
    const all = expandEvents(events, NOW)
    expect(all.length).toBeLessThanOrEqual(MAX_CALENDAR_OCCURRENCES + events.length)
    // Every event is there, expanded or as its first date.
    expect(new Set(all.map((e) => e.uid)).size).toBe(200)
    expect(expansionCost(events, NOW).occurrences).toBeGreaterThan(MAX_CALENDAR_OCCURRENCES)
    // A calendar within the bounds is all expanded.
    const few = events.slice(0, 5)
    expect(expandEvents(few, NOW)).toHaveLength(expansionCost(few, NOW).occurrences)
  })
})
