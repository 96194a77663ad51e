// News and Events are the same kind of page: content shown through the one load cycle (content-page), as a long
// list drawn in chunks near the screen (windowed-list). ListPage declares such a page once, typed: both behaviors
// and their first data, so that a page states only what is its own.

import { contentPage, contentPageData, type ContentPage, type ContentPageData } from './content-page'
import { windowedList, windowedListData, type WindowedList, type WindowedListData } from './windowed-list'

export type ListPageData = ContentPageData & WindowedListData
export type ListPageFields = ContentPage & WindowedList
type Behaviors = [typeof contentPage, typeof windowedList]

/** A list page's first data (loading, no chunk drawn), for its `data`. */
export function listPageData(): ListPageData {
  return { ...contentPageData(), ...windowedListData() }
}

/** Component() for a list page, with contentPage and windowedList. */
export function ListPage<
  TData extends ListPageData,
  TMethod extends WechatMiniprogram.Component.MethodOption,
  TFields extends ListPageFields,
>(
  options: WechatMiniprogram.Component.Options<
    TData,
    Record<string, never>,
    TMethod,
    Behaviors,
    TFields,
    true
  >,
): string {
  return Component<TData, Record<string, never>, TMethod, Behaviors, TFields, true>({
    ...options,
    behaviors: [contentPage, windowedList],
  })
}
