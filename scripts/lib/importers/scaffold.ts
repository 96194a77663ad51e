// `new article <slug>` and `new event <uid>`: source files with every field, each explained, in both languages, for
// an editor to fill in. Never over an existing file.

import { SLUG } from '../sources/articles'
import { ImportError, newReport, noonOf, writeNew, type ImportReport } from './common'

function articleText(language: 'en' | 'zh', date: string, slug: string): string {
  const zh = language === 'zh'
  return `---
# ${zh ? '标题：读者在新闻列表和文章顶部看到的文字' : 'Title: what readers see in the News list and at the top of the article'}
title: ${zh ? '在此填写标题' : 'Write the title here'}
# ${zh ? '发布日期：2026-12-02，或带时间 2026-12-02 09:00（按 site.yaml 的时区）' : 'Date published: 2026-12-02, or with a time, 2026-12-02 09:00 (in the time zone of site.yaml)'}
date: ${date}
# ${zh ? '摘要：一两句话，显示在新闻卡片上' : 'Summary: one or two sentences for the News card'}
summary: ${zh ? '在此填写摘要。' : 'Write the summary here.'}
# ${zh ? '领域：digital（数字科技）、climate（气候科技）或 health（健康科技）；可删除' : 'Domain: digital, climate or health (the News filter); delete the line if none fits'}
domain: digital
# ${zh ? '标签：用逗号分隔' : 'Tags, separated by commas'}
tags: [${zh ? '标签' : 'Tag'}]
# ${zh ? '封面图片：放在 content/images 中的文件；可删除' : 'Cover image: a file in content/images; delete the line for none'}
# image: images/${slug}.jpg
# image_alt: ${zh ? '图片的简短描述' : 'A short description of the image'}
# ${zh ? '相关活动：content/events 中的文件名（不含 .yaml）' : 'Related events: names of files in content/events (without .yaml)'}
# events: [cmef-2022]
# ${zh ? '公众号文章链接（https://mp.weixin.qq.com/s/…）' : 'The same article in the official account (https://mp.weixin.qq.com/s/…)'}
# official_account_url: https://mp.weixin.qq.com/s/
# ${zh ? '草稿：true 时不发布' : 'Draft: true keeps the article out of the app until you remove the line'}
draft: true
---

${zh ? '在此写正文。空一行开始新段落。' : 'Write the article here. An empty line starts a new paragraph.'}

## ${zh ? '小标题' : 'A heading'}

- ${zh ? '列表项' : 'A list item'}
- ${zh ? '[链接到另一篇文章](article:five-year-plan) 或 [某个活动](event:cmef-2022)' : '[A link to another article](article:five-year-plan) or [to an event](event:cmef-2022)'}

| ${zh ? '表头' : 'Column'} | ${zh ? '表头' : 'Column'} |
|---|---|
| ${zh ? '内容' : 'Cell'} | ${zh ? '内容' : 'Cell'} |
`
}

function eventText(updated: string): string {
  return `# One event. Every field is explained on the line above it; delete the optional ones you do not need.
# 一个活动。每个字段的说明在其上一行；不需要的可选字段可以删除。

# Name of the event, in English and Chinese / 活动名称（英文和中文）
title:
  en: Write the name here
  zh: 在此填写活动名称
# What happens and for whom / 活动内容和对象
description:
  en: One or two sentences.
  zh: 一两句话。
# Start: a date (2027-04-07, an all-day event), a date and time (2027-04-07 09:00), or a month (2027-11: days not known)
# 开始：日期（全天活动）、日期和时间，或仅月份
start: 2027-04-07
# End: the last day (2027-04-10), or the end time (17:00); delete for one day / 结束：最后一天或结束时间；单日活动可删除
end: 2027-04-10
# Time zone of start and end (IANA name) / 时区
time_zone: Asia/Shanghai
# No date yet? Delete start and end and write: date_status: tba / 日期未定：删除 start 和 end，写 date_status: tba
# date_status: tba
# confirmed, tentative or cancelled / 状态
status: confirmed
# digital, climate, health / 领域
domains: [health]
# trade-fair, matchmaking, licensing, mission, conference, webinar / 类型
type: [trade-fair]
# Where / 地点
venue:
  name: { en: National Exhibition and Convention Center, zh: 国家会展中心 }
  city: { en: Shanghai, zh: 上海 }
  address: { en: 333 Songze Avenue, zh: 崧泽大道333号 }
  # latitude, longitude (GCJ-02, as Chinese maps give them) / 纬度, 经度
  coordinates: 31.1915, 121.3036
# Online part (an https address) / 线上参会链接
# online: https://
# in-person, hybrid or online / 参会方式
attendance: in-person
organiser:
  name: { en: Flanders Investment & Trade (FIT), zh: 弗兰德投资贸易局（FIT） }
# Where people register / 报名链接
# registration: https://
# When you last changed this event (UTC); change it with every edit, the app tells readers who saved it
# 最后修改时间（UTC）；每次修改时更新，收藏了活动的读者会收到提示
updated: ${updated}
`
}

export async function scaffold(
  kind: string,
  name: string,
  root: string,
  now = Date.now(),
): Promise<ImportReport> {
  const report = newReport()
  if (!SLUG.test(name))
    throw new ImportError(
      `"${name}" is not a ${kind === 'event' ? 'uid' : 'slug'}; expected lower-case letters, digits and hyphens, such as smart-port-2027`,
    )
  const iso = new Date(now).toISOString()
  if (kind === 'article') {
    for (const language of ['en', 'zh'] as const)
      await writeNew(
        root,
        `articles/${name}/index.${language}.md`,
        articleText(language, noonOf(iso.slice(0, 10), root), name),
        report,
      )
  } else if (kind === 'event') {
    await writeNew(root, `events/${name}.yaml`, eventText(iso.replace(/\.\d{3}Z$/, 'Z')), report)
  } else {
    throw new ImportError(`new ${kind}: expected new article <slug> or new event <uid>`)
  }
  return report
}
