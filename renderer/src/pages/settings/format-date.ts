import type { Language } from '../../../../shared/contract/workspace';

/** A certificate's validity bound as a calendar date: the time of day only adds noise to a ten-year range. */
export function formatDate(iso: string, language: Language): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(date);
}
