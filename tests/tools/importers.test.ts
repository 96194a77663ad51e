/** @jest-environment node */
// Importers and scaffolding: what editors already have (calendar exports, Word files, a JSON Feed) becomes sources
// they review; nothing an editor wrote is ever replaced.

import fc from 'fast-check'
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { parse } from 'yaml'
import { parseEvents, type CalendarEvent } from '../../miniprogram/core/events'
import { occurrencesOf } from '../../miniprogram/core/occurrences'
import { scheduleOf } from '../../miniprogram/core/schedule'
import { parseFeedPage } from '../../miniprogram/core/feed'
import { localToUtc } from '../../miniprogram/core/time'
import { runContentCli } from '../setup/content-cli'
import { buildSite } from '../../scripts/lib/build'
import { ImportError } from '../../scripts/lib/importers/common'
import { importDocx } from '../../scripts/lib/importers/docx'
import { importFeed } from '../../scripts/lib/importers/feed'
import { importIcs } from '../../scripts/lib/importers/ics'
import { scaffold } from '../../scripts/lib/importers/scaffold'
import { compileContent, type CompiledContent } from '../../scripts/lib/sources'
import { formatSourceProblem } from '../../scripts/lib/sources/fields'
import { makeZip } from '../setup/zip'

const ROOT = join(__dirname, '..', '..')
const FIXTURES = join(ROOT, 'tests', 'fixtures')
const NOW = Date.UTC(2026, 11, 2, 9)

function copyContent(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bcecc-import-'))
  cpSync(join(ROOT, 'content'), dir, { recursive: true })
  return dir
}
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, 'import', name))
const yamlOf = (dir: string, uid: string): Record<string, unknown> =>
  parse(readFileSync(join(dir, 'events', `${uid}.yaml`), 'utf8')) as Record<string, unknown>
const errors = (compiled: CompiledContent): string[] =>
  compiled.problems.filter((p) => p.severity === 'error').map(formatSourceProblem)

describe('import ics', () => {
  test('an Outlook export: Windows zone names, escaped text, long UIDs; the app reads the right instants', async () => {
    const dir = copyContent()
    const report = await importIcs(fixture('outlook-cmef.ics').toString('utf8'), 'outlook-cmef.ics', {
      root: dir,
      now: NOW,
    })
    expect(report.written.map((p) => p.replace(/^.*events\//, ''))).toEqual([
      'cmef-2027-medtech-matchmaking.yaml',
      'pre-mission-briefing.yaml',
    ])
    expect(yamlOf(dir, 'cmef-2027-medtech-matchmaking')).toMatchObject({
      title: { en: 'CMEF 2027: medtech matchmaking' },
      description: {
        en: 'Matchmaking with Chinese distributors for Flemish medtech companies.\nBring your company profile, in English and Chinese.\n\nOrganised by FIT Guangzhou.',
      },
      start: '2027-04-08 09:30',
      end: '2027-04-08 17:00',
      time_zone: 'Asia/Shanghai',
      venue: { name: 'National Exhibition and Convention Center, Hall 7.1, Shanghai' },
      updated: '2026-11-30T16:00:00Z',
    })
    expect(yamlOf(dir, 'pre-mission-briefing')).toMatchObject({
      time_zone: 'Europe/Brussels',
      status: 'tentative',
    })

    const compiled = await compileContent(dir, { cwd: dir })
    expect(errors(compiled)).toEqual([])
    const events = parseEvents(compiled.documents?.events, 'https://cdn.example.com/events.json').events
    const instant = (uid: string): number | undefined => {
      const e = events.find((x) => x.uid === uid)
      return e?.start && localToUtc(e.start, e.timeZone)
    }
    // 09:30 in Shanghai is 01:30 UTC; 09:30 in Brussels on 30 March 2027 (summer time) is 07:30 UTC.
    expect(instant('cmef-2027-medtech-matchmaking')).toBe(Date.UTC(2027, 3, 8, 1, 30))
    expect(instant('pre-mission-briefing')).toBe(Date.UTC(2027, 2, 30, 7, 30))
  })

  test('a series with a moved occurrence, or a rule the sources cannot say, is one event per occurrence', async () => {
    const ics = (rule: string, extra = ''): string =>
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'BEGIN:VEVENT',
        'UID:series@example.com',
        'DTSTART;TZID=Asia/Shanghai:20270104T080000',
        'DTEND;TZID=Asia/Shanghai:20270104T090000',
        `RRULE:${rule}`,
        'SUMMARY:Desk hours',
        'END:VEVENT',
        extra,
        'END:VCALENDAR',
      ]
        .filter(Boolean)
        .join('\r\n')
    const moved = [
      'BEGIN:VEVENT',
      'UID:series@example.com',
      'RECURRENCE-ID;TZID=Asia/Shanghai:20270111T080000',
      'DTSTART;TZID=Asia/Shanghai:20270112T100000',
      'DTEND;TZID=Asia/Shanghai:20270112T110000',
      'SUMMARY:Desk hours (moved)',
      'END:VEVENT',
    ].join('\r\n')
    for (const [text, why] of [
      [ics('FREQ=WEEKLY;COUNT=3', moved), /changed occurrences/],
      [ics('FREQ=MONTHLY;BYMONTHDAY=4;COUNT=3'), /BYMONTHDAY/],
    ] as const) {
      const dir = copyContent()
      const report = await importIcs(text, 'desk.ics', { root: dir, now: NOW })
      const names = readdirSync(join(dir, 'events')).filter((n) => n.startsWith('desk-hours'))
      expect(names).toHaveLength(3)
      expect(names.every((n) => !('repeat' in yamlOf(dir, n.replace(/\.yaml$/, ''))))).toBe(true)
      expect(report.notes.join('\n')).toMatch(why)
    }
  })

  test('a Google export: all-day with an exclusive end, repeats in the next year, cancelled, URL, GEO, Chinese', async () => {
    const dir = copyContent()
    const report = await importIcs(fixture('google-bcecc.ics').toString('utf8'), 'google-bcecc.ics', {
      root: dir,
      now: NOW,
    })
    const names = readdirSync(join(dir, 'events')).filter(
      (n) => !/2022/.test(n) && n !== 'flanders-health-mission.yaml',
    )
    expect(yamlOf(dir, 'chinabio-partnering-forum-2027')).toMatchObject({
      start: '2027-05-18',
      end: '2027-05-20',
      venue: { name: 'Beijing' },
      registration: 'https://www.example.com/chinabio-2027/register',
    })
    // GEO is WGS-84; maps in China (and wx.openLocation) use GCJ-02, about 600 m east in Beijing.
    const [lat, lon] = String(
      (yamlOf(dir, 'chinabio-partnering-forum-2027').venue as { coordinates: string }).coordinates,
    )
      .split(', ')
      .map(Number)
    expect(lat).toBeGreaterThan(39.9052)
    expect(lat).toBeLessThan(39.906)
    expect(lon).toBeGreaterThan(116.413)
    expect(lon).toBeLessThan(116.4142)
    // Monthly on the second Tuesday at 01:00 UTC (09:00 in the calendar's zone, Asia/Shanghai), 14 times, March
    // excluded: one repeating event, whose occurrences the app shows up to a year from now (January to November 2027).
    expect(names.filter((n) => n.startsWith('china-tech-policy-briefing'))).toEqual([
      'china-tech-policy-briefing.yaml',
    ])
    expect(yamlOf(dir, 'china-tech-policy-briefing')).toMatchObject({
      start: '2027-01-12 09:00',
      end: '2027-01-12 10:00',
      time_zone: 'Asia/Shanghai',
      description: { en: 'Monthly online briefing on China tech policy for members.' },
      repeat: { every: 'month', on: 'second tuesday', times: 14, skip: ['2027-03-09'] },
    })
    const compiled = await compileContent(dir, { cwd: dir })
    expect(errors(compiled)).toEqual([])
    const briefing = parseEvents(
      compiled.documents?.events,
      'https://cdn.example.com/events.json',
    ).events.find((e) => e.uid === 'china-tech-policy-briefing')
    expect(occurrencesOf(briefing as CalendarEvent, NOW).map((o) => o.recurrenceId?.slice(0, 10))).toEqual([
      '2027-01-12',
      '2027-02-09',
      '2027-04-13',
      '2027-05-11',
      '2027-06-08',
      '2027-07-13',
      '2027-08-10',
      '2027-09-14',
      '2027-10-12',
      '2027-11-09',
    ])
    expect(report.notes).toEqual([
      expect.stringMatching(
        /ChinaBio Partnering Forum 2027: coordinates moved from WGS-84 \(GPS\) to GCJ-02/,
      ),
      expect.stringMatching(/China tech policy briefing: repeats .*imported as one repeating event/),
    ])
    expect(yamlOf(dir, 'greater-bay-area-roadshow')).toMatchObject({
      status: 'cancelled',
      start: '2027-06-01 14:00',
    })
    expect(yamlOf(dir, 'event-2027-09-15')).toMatchObject({
      title: { zh: '大湾区科技创新对接会' },
      start: '2027-09-15',
    })
    expect(yamlOf(dir, 'event-2027-09-15')).not.toHaveProperty('end')
    expect(errors(await compileContent(dir, { cwd: dir }))).toEqual([])
  })

  test('an Apple Calendar export: structured location, DURATION, no end, a moved occurrence, past events left out', async () => {
    const dir = copyContent()
    const report = await importIcs(fixture('apple-fit.ics').toString('utf8'), 'apple-fit.ics', {
      root: dir,
      now: NOW,
    })
    expect(yamlOf(dir, 'flanders-technology-innovation-briefing')).toMatchObject({
      title: { en: 'Flanders Technology & Innovation briefing 🚀' },
      start: '2027-03-16 10:00',
      end: '2027-03-16 12:00',
      time_zone: 'Europe/Brussels',
      // Brussels is outside China: the coordinates stay as the calendar gives them.
      venue: { name: 'Koning Albert II-laan 37, 1030 Brussel, Belgium', coordinates: '50.8617, 4.3617' },
    })
    expect(yamlOf(dir, 'webinar-on-eu-china-data-rules')).toMatchObject({
      start: '2027-04-20 14:00',
      end: '2027-04-20 15:30',
      online: 'https://meet.example.org/eu-china',
    })
    expect(yamlOf(dir, 'labour-day-office-closed')).toMatchObject({ start: '2027-05-01' })
    expect(yamlOf(dir, 'labour-day-office-closed')).not.toHaveProperty('end')
    // Weekly until the end of 2026, one occurrence moved to 11:00 on the 14th.
    const standUps = readdirSync(join(dir, 'events'))
      .filter((n) => n.startsWith('team-stand-up'))
      .sort()
    expect(standUps).toEqual([
      'team-stand-up-2026-12-07.yaml',
      'team-stand-up-2026-12-21.yaml',
      'team-stand-up-2026-12-28.yaml',
      'team-stand-up-moved-2026-12-14.yaml',
    ])
    expect(yamlOf(dir, 'team-stand-up-moved-2026-12-14')).toMatchObject({ start: '2026-12-14 11:00' })
    expect(readdirSync(join(dir, 'events'))).not.toContain('old-fair.yaml')
    expect(report.notes).toContain('1 event was over already and left out (--all imports them too)')
    expect(errors(await compileContent(dir, { cwd: dir }))).toEqual([])

    const all = copyContent()
    await importIcs(fixture('apple-fit.ics').toString('utf8'), 'apple-fit.ics', {
      root: all,
      now: NOW,
      includePast: true,
    })
    expect(yamlOf(all, 'old-fair')).toMatchObject({ start: '2025-06-01', end: '2025-06-02' })
  })

  test('never replaces a file: a second import leaves every file as it was and says so', async () => {
    const dir = copyContent()
    const text = fixture('google-bcecc.ics').toString('utf8')
    const first = await importIcs(text, 'google-bcecc.ics', { root: dir, now: NOW })
    const path = join(dir, 'events', 'greater-bay-area-roadshow.yaml')
    writeFileSync(path, `${readFileSync(path, 'utf8')}# reviewed by an editor\n`)
    const second = await importIcs(text, 'google-bcecc.ics', { root: dir, now: NOW })
    expect(second.written).toEqual([])
    expect(second.skipped).toHaveLength(first.written.length)
    expect(readFileSync(path, 'utf8')).toMatch(/# reviewed by an editor\n$/)
  })

  test('a zone that is neither IANA nor Windows, with its VTIMEZONE, is converted through the instant', async () => {
    const dir = copyContent()
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VTIMEZONE',
      'TZID:Custom Plus Nine',
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      'TZOFFSETFROM:+0900',
      'TZOFFSETTO:+0900',
      'END:STANDARD',
      'END:VTIMEZONE',
      'BEGIN:VEVENT',
      'UID:x',
      'DTSTAMP:20261201T000000Z',
      'DTSTART;TZID=Custom Plus Nine:20270301T100000',
      'DTEND;TZID=Custom Plus Nine:20270301T110000',
      'SUMMARY:Tokyo call',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n')
    const report = await importIcs(ics, 'custom.ics', { root: dir, now: NOW })
    expect(yamlOf(dir, 'tokyo-call')).toMatchObject({
      start: '2027-03-01 09:00',
      end: '2027-03-01 10:00',
      time_zone: 'Asia/Shanghai',
    })
    expect(report.notes.join('\n')).toMatch(/"Custom Plus Nine" is not an IANA zone/)
  })

  test('a Thunderbird zone name with its IANA name inside is read as that zone', async () => {
    const dir = copyContent()
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'UID:tb',
      'DTSTAMP:20261201T000000Z',
      'DTSTART;TZID=/mozilla.org/20050126_1/Europe/Brussels:20270601T100000',
      'DTEND;TZID=/mozilla.org/20050126_1/Europe/Brussels:20270601T113000',
      'SUMMARY:Brussels lunch',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n')
    await importIcs(ics, 'thunderbird.ics', { root: dir, now: NOW })
    expect(yamlOf(dir, 'brussels-lunch')).toMatchObject({
      start: '2027-06-01 10:00',
      end: '2027-06-01 11:30',
      time_zone: 'Europe/Brussels',
    })
  })

  test('an event across a clock change, in its own zone or in UTC, ends at the exact instant of its DTEND', async () => {
    const dir = copyContent()
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Test//EN',
      'X-WR-TIMEZONE:Europe/Brussels',
      'BEGIN:VEVENT',
      'UID:spring-night',
      'DTSTAMP:20261201T100000Z',
      'SUMMARY:Spring night',
      'DTSTART;TZID=Europe/Brussels:20270327T230000',
      'DTEND;TZID=Europe/Brussels:20270328T040000',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:autumn-night',
      'DTSTAMP:20261201T100000Z',
      'SUMMARY:Autumn night',
      'DTSTART:20271030T210000Z',
      'DTEND:20271031T030000Z',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n')
    await importIcs(ics, 'nights.ics', { root: dir, now: NOW })
    const compiled = await compileContent(dir, { cwd: dir })
    expect(errors(compiled)).toEqual([])
    const entries = (compiled.documents?.events.entries ?? []) as Array<Record<string, unknown>>
    const events = parseEvents(
      { '@type': 'Group', uid: 'g', entries },
      'https://x.example/events.json',
    ).events
    const endOf = (uid: string): number => {
      const schedule = scheduleOf(events.find((e) => e.uid === uid) as CalendarEvent)
      return schedule.kind === 'timed' ? schedule.endMs : NaN
    }
    expect(new Date(endOf('spring-night')).toISOString()).toBe('2027-03-28T02:00:00.000Z')
    expect(new Date(endOf('autumn-night')).toISOString()).toBe('2027-10-31T03:00:00.000Z')
  })

  test('hostile calendars: a UID that injects YAML, a SECONDLY time zone, and events ical.js cannot follow', async () => {
    const dir = copyContent()
    const ics = (body: string[]): string =>
      ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//EN', ...body, 'END:VCALENDAR', ''].join('\r\n')
    const vevent = (uid: string, summary: string, extra: string[] = []): string[] => [
      'BEGIN:VEVENT',
      `UID:${uid}`,
      'DTSTAMP:20261201T100000Z',
      `SUMMARY:${summary}`,
      'DTSTART:20270310T090000Z',
      'DTEND:20270310T100000Z',
      ...extra,
      'END:VEVENT',
    ]
    // The UID's escaped newline (\n in iCalendar text) would start a YAML key if pasted into the header.
    const report = await importIcs(
      ics([
        'BEGIN:VTIMEZONE',
        'TZID:Bomb/Zone',
        'BEGIN:STANDARD',
        'DTSTART:19700101T000000',
        'RRULE:FREQ=SECONDLY',
        'TZOFFSETFROM:+0100',
        'TZOFFSETTO:+0100',
        'END:STANDARD',
        'END:VTIMEZONE',
        ...vevent('x\\nregistration: https://evil.example/phish', 'Injected'),
        ...vevent('zoned', 'Zoned', []).map((l) =>
          l.replace(/^DTSTART:.*$/, 'DTSTART;TZID=Bomb/Zone:20270310T090000'),
        ),
        ...vevent('far', 'Far away', ['RRULE:FREQ=YEARLY;INTERVAL=1000000']),
        ...vevent('year', 'Year 99999').map((l) => l.replace(/^DTSTART:.*$/, 'DTSTART:999991231T090000Z')),
        ...vevent('fine', 'Fine'),
      ]),
      'hostile\nregistration: https://evil.example/name.ics',
      { root: dir, now: NOW },
    )
    expect(report.notes.join('\n')).toMatch(
      /time zone Bomb\/Zone has a SECONDLY rule, which no real zone has; left out/,
    )
    for (const uid of ['injected', 'fine']) {
      const text = readFileSync(join(dir, 'events', `${uid}.yaml`), 'utf8')
      expect(parse(text)).not.toHaveProperty('registration')
      expect(text.split('\n')[0]).toMatch(/^# Imported from hostile\\u000aregistration/)
    }
    const compiled = await compileContent(dir, { cwd: dir })
    expect(errors(compiled)).toEqual([])
    expect(JSON.stringify(compiled.documents?.events)).not.toContain('evil.example')
  })

  test('anything that is not a calendar is one clear ImportError, never another exception', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bcecc-import-hostile-'))
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 400 }),
          fc.constantFrom(
            'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:99999999T999999\r\nEND:VEVENT\r\nEND:VCALENDAR',
            'BEGIN:VEVENT\r\nEND:VEVENT',
            `BEGIN:VCALENDAR\r\n${'BEGIN:VEVENT\r\n'.repeat(3000)}`,
          ),
        ),
        async (text) => {
          try {
            await importIcs(text, 'x.ics', { root: dir, now: NOW })
          } catch (error) {
            expect(error).toBeInstanceOf(ImportError)
          }
        },
      ),
      { numRuns: 80 },
    )
  })
})

describe('import docx', () => {
  test('a Word file with a title, headings, lists, a table, a link and two images', async () => {
    const dir = copyContent()
    const report = await importDocx(fixture('smart-port-pilot.docx'), 'smart-port-pilot.docx', {
      root: dir,
      date: '2026-12-02',
    })
    expect(report.written.map((p) => p.replace(/^.*?(articles|images)\//, '$1/'))).toEqual([
      'articles/smart-port-pilot/index.en.md',
      'images/smart-port-pilot-1.jpg',
      'images/smart-port-pilot-2.png',
    ])
    const text = readFileSync(join(dir, 'articles', 'smart-port-pilot', 'index.en.md'), 'utf8')
    expect(text).toMatch(/^title: "Smart Port Logistics: a Flemish–Chinese Pilot"$/m)
    // The day at noon in the newsletter's zone, with its time: the editor's picker shows 12:00, not 12:00 AM.
    expect(text).toMatch(/^date: 2026-12-02T12:00:00\+08:00$/m)
    expect(text).toMatch(
      /^summary: Antwerp-Bruges and Guangzhou Nansha start a joint pilot .*announced this week\.$/m,
    )
    expect(text).toContain('**start a joint pilot**')
    expect(text).toContain('[press release](https://www.flandersinvestmentandtrade.com/en/news/smart-port)')
    expect(text).toMatch(/^## What the pilot covers$/m)
    expect(text).toMatch(/^### Next steps$/m)
    expect(text).toMatch(/^- Real-time berth planning shared by both ports$/m)
    expect(text).toMatch(/^1\. Kick-off in Guangzhou in March$/m)
    expect(text).toMatch(/^\| Port of Antwerp-Bruges +\| Digital twin +\| 1\.2 million +\|$/m)
    // Word's fonts, colours and highlights are not carried over.
    expect(text).not.toMatch(/<span|style=|color|Calibri/)
    const photo = await sharp(readFileSync(join(dir, 'images', 'smart-port-pilot-1.jpg'))).metadata()
    expect([photo.format, photo.width, photo.height]).toEqual(['jpeg', 1800, 1200])

    // Publish it: a table, both images sized for phones, a heading per Word heading.
    writeFileSync(join(dir, 'articles', 'smart-port-pilot', 'index.en.md'), text.replace(/^# .*\n/gm, ''))
    const compiled = await compileContent(dir, { cwd: dir })
    expect(errors(compiled)).toEqual([])
    const item = (compiled.documents?.feed.items as Array<Record<string, unknown>>).find(
      (i) => i.id === 'smart-port-pilot-en',
    )
    const html = String(item?.content_html)
    expect(html).toMatch(/<table>.*<th>Partner<\/th>.*<td>imec<\/td>/)
    expect(
      html.match(
        /<img src="images\/smart-port-pilot-\d-[0-9a-f]{12}-\d+\.(jpg|png)"[^>]* width="\d+" height="\d+">/g,
      ),
    ).toHaveLength(2)
    expect(html).toMatch(/<h2>What the pilot covers<\/h2>.*<h3>Next steps<\/h3>/)
  })

  test('a zip bomb (a small file that unpacks to hundreds of MB) is refused before anything is inflated', async () => {
    const zip = (name: string, data: Buffer, declared: number): Buffer => makeZip([{ name, data, declared }])
    const dir = copyContent()
    const text = Buffer.alloc(64 * 1024 * 1024, 0x20)
    const honest = zip('word/document.xml', text, text.length)
    expect(honest.length).toBeLessThan(1024 * 1024)
    await expect(importDocx(honest, 'bomb.docx', { root: dir })).rejects.toThrow(
      /^bomb\.docx has a part \(word\/document\.xml\) of 64 MB of text, more than the 30 MB/,
    )
    // The header lies (a kilobyte): inflating stops at what it said.
    const lying = zip('word/document.xml', text, 1024)
    await expect(importDocx(lying, 'lying.docx', { root: dir })).rejects.toThrow(
      /^lying\.docx has an entry whose size is not what it says|^lying\.docx unpacks to more than/,
    )
    expect(readdirSync(join(dir, 'articles'))).not.toContain('bomb')
  })

  test('a file that is not a Word document is an ImportError', async () => {
    await expect(
      importDocx(Buffer.from('PK\u0003\u0004 not really'), 'broken.docx', { root: copyContent() }),
    ).rejects.toBeInstanceOf(ImportError)
  })
})

describe('import feed', () => {
  test('our own 2022 feed comes back as the same articles, languages paired', async () => {
    const dir = copyContent()
    rmSync(join(dir, 'articles'), { recursive: true })
    const report = await importFeed(readFileSync(join(FIXTURES, 'endpoint-2022', 'feed.json')), 'feed.json', {
      root: dir,
    })
    expect(report.written).toHaveLength(12)
    for (const file of report.written) {
      const path = join(dir, file.replace(/^.*?articles\//, 'articles/'))
      writeFileSync(path, readFileSync(path, 'utf8').replace(/^# .*\n/m, ''))
    }
    const compiled = await compileContent(dir, { cwd: dir })
    expect(compiled.problems.map(formatSourceProblem)).toEqual([])
    const articles = (doc: unknown) =>
      parseFeedPage(doc, 'https://cdn.example.com/feed.json').articles.sort((a, b) => (a.id < b.id ? -1 : 1))
    if (!compiled.documents) throw new Error('the migrated feed must build')
    const site = buildSite({ ...compiled.documents, assets: compiled.assets })
    const rebuilt = JSON.parse(site.files.get('feed.json')?.toString('utf8') ?? '{}') as unknown
    expect(articles(rebuilt)).toEqual(
      articles(JSON.parse(readFileSync(join(FIXTURES, 'endpoint-2022', 'feed.json'), 'utf8'))),
    )
  })

  test('a third-party JSON Feed 1.0: numeric ids, no dates, content_text; other languages left out with a note', async () => {
    const dir = copyContent()
    const cms = await importFeed(readFileSync(join(FIXTURES, 'feeds', 'cms-jsonfeed-1.0.json')), 'cms.json', {
      root: dir,
    })
    expect(cms.written.length).toBeGreaterThan(0)
    const podcast = await importFeed(
      readFileSync(join(FIXTURES, 'feeds', 'podcast-1.1.json')),
      'podcast.json',
      { root: dir },
    )
    expect(podcast.written).toEqual([])
    expect(podcast.notes.join('\n')).toMatch(/only en and zh are published/)
    expect(errors(await compileContent(dir, { cwd: dir }))).toEqual([])
  })

  test('relative links and images of a feed become absolute against its address', async () => {
    const dir = copyContent()
    const feed = {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Chamber news',
      language: 'en',
      items: [
        {
          id: 'a1',
          title: 'Relative',
          date_published: '2026-11-30T10:00:00Z',
          content_html: '<p><a href="/events/2027">Events</a> <img src="media/photo.jpg" alt="Photo"></p>',
        },
      ],
    }
    await importFeed(Buffer.from(JSON.stringify(feed)), 'feed.json', {
      root: dir,
      url: 'https://chamber.example.org/news/feed.json',
    })
    const text = readFileSync(join(dir, 'articles', 'a1', 'index.en.md'), 'utf8')
    expect(text).toContain('[Events](https://chamber.example.org/events/2027)')
    expect(text).toContain('![Photo](https://chamber.example.org/news/media/photo.jpg)')
  })

  test('hostile feeds: not JSON, not a feed, prototype keys; errors are ImportErrors and nothing is polluted', async () => {
    const dir = copyContent()
    await expect(importFeed(Buffer.from('{'), 'x.json', { root: dir })).rejects.toBeInstanceOf(ImportError)
    await expect(importFeed(Buffer.from('{"items": 3}'), 'x.json', { root: dir })).rejects.toBeInstanceOf(
      ImportError,
    )
    const hostile = {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'x',
      items: [
        {
          id: '__proto__',
          title: 'a',
          content_html: '<p>a</p>',
          _bcecc: { translations: JSON.parse('{"__proto__": "b"}') as unknown },
        },
        { id: 'constructor', title: 'b', content_text: 'b' },
      ],
    }
    await importFeed(Buffer.from(JSON.stringify(hostile)), 'x.json', { root: dir })
    expect(({} as Record<string, unknown>).b).toBeUndefined()
    expect(errors(await compileContent(dir, { cwd: dir }))).toEqual([])
  })
})

describe('new article and new event', () => {
  test('start both languages and an event, every field explained; the build checks them and publishes no draft', async () => {
    const dir = copyContent()
    await scaffold('article', 'smart-port-2027', dir, NOW)
    await scaffold('event', 'smart-port-forum', dir, NOW)
    const en = readFileSync(join(dir, 'articles', 'smart-port-2027', 'index.en.md'), 'utf8')
    const zh = readFileSync(join(dir, 'articles', 'smart-port-2027', 'index.zh.md'), 'utf8')
    // Noon in the newsletter's zone (Asia/Shanghai), written whole: the editor's date picker shows 12:00.
    expect(en).toMatch(/^date: 2026-12-02T12:00:00\+08:00$/m)
    expect(zh).toMatch(/^title: 在此填写标题$/m)
    expect(en.match(/^# /gm)?.length).toBeGreaterThanOrEqual(8)
    const compiled = await compileContent(dir, { cwd: dir })
    expect(errors(compiled)).toEqual([])
    expect(compiled.summary.drafts).toBe(2)
    const ids = (compiled.documents?.feed.items as Array<{ id: string }>).map((i) => i.id)
    expect(ids).not.toContain('smart-port-2027-en')
    expect((compiled.documents?.events.entries as Array<{ uid: string }>).map((e) => e.uid)).toContain(
      'smart-port-forum',
    )
    // Drafts in a preview.
    const preview = await compileContent(dir, { cwd: dir, includeDrafts: true })
    expect((preview.documents?.feed.items as Array<{ id: string }>).map((i) => i.id)).toContain(
      'smart-port-2027-zh',
    )
    // Never over an existing file.
    const again = await scaffold('article', 'smart-port-2027', dir, NOW)
    expect(again.written).toEqual([])
    expect(again.skipped).toHaveLength(2)
  })

  test('the CLI refuses a bad slug and an unknown kind with usage, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-'))
    const cli = (...args: string[]): Promise<{ code: number; out: string }> =>
      runContentCli(args, { BCECC_CONTENT_DIR: dir })
    expect(await cli('new', 'article', 'Not A Slug')).toMatchObject({
      code: 2,
      out: expect.stringMatching(/Usage:/),
    })
    expect(await cli('new', 'page', 'x')).toMatchObject({ code: 2, out: expect.stringMatching(/Usage:/) })
    expect(await cli('import', 'pdf', 'x.pdf')).toMatchObject({
      code: 2,
      out: expect.stringMatching(/ics, docx or feed/),
    })
    expect(readdirSync(dir)).toEqual([])
  })
})
