import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { FeedFormatError, parseFeedPage } from '../../miniprogram/models/feed'

const fixture = (path: string): unknown => JSON.parse(readFileSync(join(__dirname, '..', path), 'utf8'))

describe('feed page model', () => {
  test('reads every bundled article with its language, domain and date', () => {
    const page = parseFeedPage(fixture('../content/feed.json'), 'http://127.0.0.1:8080/feed.json')
    expect(page.dropped).toBe(0)
    expect(page.articles).toHaveLength(12)
    expect(page.articles.filter((a) => a.language === 'zh')).toHaveLength(6)
    expect(page.articles.find((a) => a.id === 'health-tech-en')).toEqual(
      expect.objectContaining({ domain: 'health', published: Date.UTC(2022, 0, 24, 8) }),
    )
  })

  test('reads a plain CMS feed: numeric ids, no titles, text-only content', () => {
    const page = parseFeedPage(
      fixture('fixtures/feeds/cms-jsonfeed-1.0.json'),
      'https://blog.example.org/feed.json',
    )
    expect(page.articles.map((a) => a.id)).toEqual(['2048', '2047'])
    expect(page.articles[0]?.title).toBe('A status update without a title.')
    expect(page.articles[1]?.summary).toBe('Hello')
  })

  test('drops and counts bad items instead of failing the page', () => {
    const page = parseFeedPage(
      {
        items: [
          { id: 'a', title: 'A' },
          null,
          { title: 'no id' },
          { id: 'a', title: 'dup' },
          { id: 'b' },
          { id: 'c', content_html: '<p>Only &amp; HTML</p>' },
        ],
      },
      'https://x.example/feed.json',
    )
    expect(page.articles.map((a) => [a.id, a.title])).toEqual([
      ['a', 'A'],
      ['c', 'Only & HTML'],
    ])
    expect(page.dropped).toBe(4)
  })

  test('resolves next_url against the page URL', () => {
    const base = { items: [] }
    expect(
      parseFeedPage({ ...base, next_url: 'feed-2.json' }, 'http://127.0.0.1:8080/feed.json').nextUrl,
    ).toBe('http://127.0.0.1:8080/feed-2.json')
    expect(parseFeedPage({ ...base, next_url: '/p/2' }, 'https://cdn.example/a/feed.json').nextUrl).toBe(
      'https://cdn.example/p/2',
    )
    expect(
      parseFeedPage({ ...base, next_url: 'https://o.example/2' }, 'https://cdn.example/feed.json').nextUrl,
    ).toBe('https://o.example/2')
  })

  test.each([null, [], 'feed', { items: 'nope' }])('refuses %p as a feed with a typed error', (json) => {
    expect(() => parseFeedPage(json, 'https://x.example/feed.json')).toThrow(FeedFormatError)
  })
})
