/**
 * Times for the reader: the instant in the reader's zone with its UTC offset,
 * beside UTC. A Chinese reader gets Beijing time (Asia/Shanghai, UTC+08:00)
 * whatever the machine's zone, since that is the legal time of the documents
 * Affix signs there; an English reader gets the machine's zone. Ledger and
 * evidence records stay in UTC (RFC 3339 "Z"); only renderings change.
 * Intl only (no Node built-ins): used by the CLI, verify.html and report.pdf.
 */
export type ReaderLanguage = 'en' | 'zh';

const ISO_INSTANT = /\b(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z\b/g;

function partsIn(date: Date, timeZone: string): { text: string; offset: string } {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'longOffset',
  });
  const p = Object.fromEntries(f.formatToParts(date).map((x) => [x.type, x.value]));
  const offset = p.timeZoneName === 'GMT' ? '+00:00' : (p.timeZoneName ?? 'GMT+00:00').replace('GMT', '');
  return { text: `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`, offset: `UTC${offset}` };
}

/** The zone a reader of `lang` sees: Beijing time for Chinese, this machine's zone for English. */
export function readerTimeZone(lang: ReaderLanguage): string {
  if (lang === 'zh') return 'Asia/Shanghai';
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** e.g. zh: "2026-12-05 01:21:37 北京时间（UTC+08:00）/ 2026-12-04 17:21:37 UTC"; en in UTC: "2026-12-04 17:21:37 UTC". */
export function formatInstant(iso: string, lang: ReaderLanguage, timeZone: string = readerTimeZone(lang)): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const utc = partsIn(date, 'UTC').text;
  if (lang === 'zh') {
    const local = partsIn(date, timeZone);
    const name = timeZone === 'Asia/Shanghai' ? '北京时间' : timeZone;
    return `${local.text} ${name}（${local.offset}）/ ${utc} UTC`;
  }
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return `${utc} UTC`;
  const local = partsIn(date, timeZone);
  return `${local.text} (${local.offset}, ${timeZone}) / ${utc} UTC`;
}

/** Every RFC 3339 UTC instant in `text`, rewritten for the reader. */
export function localiseInstants(text: string, lang: ReaderLanguage, timeZone?: string): string {
  return text.replace(ISO_INSTANT, (m) => formatInstant(m, lang, timeZone));
}

/** Times in a message for its reader: Beijing time beside UTC in Chinese; in English the machine's zone beside UTC (left as RFC 3339 where that zone is UTC). */
export function readerTimes(message: string, lang: ReaderLanguage): string {
  return lang === 'zh' || !/^(Etc\/)?UTC$/.test(readerTimeZone('en')) ? localiseInstants(message, lang) : message;
}
