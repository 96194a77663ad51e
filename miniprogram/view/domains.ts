// The domain filter of the News and Events pages, defined once: "all" and the three technology domains, with
// their labels in the reader's language. Pure.

import { DOMAINS, type Domain } from '../core/format'
import type { UiLanguage } from '../core/localized'
import { t } from '../core/i18n'

export type DomainFilter = Domain | 'all'

export const DOMAIN_FILTERS: readonly DomainFilter[] = ['all', ...DOMAINS]

/** The filter's chips, as the pages bind them. */
export function domainChips(language: UiLanguage): Array<{ key: DomainFilter; label: string }> {
  return DOMAIN_FILTERS.map((key) => ({ key, label: t(key, language) }))
}
