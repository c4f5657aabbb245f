/**
 * PDF date strings (ISO 32000-1 §7.9.4): `D:YYYYMMDDHHmmSSOHH'mm'`, where
 * everything after the year is optional (a missing month or day is 01, a
 * missing hour, minute or second 00) and O is `Z` (universal time), `+` or
 * `-` (local time ahead of or behind it), itself optional (then the time is
 * taken as universal time). PDF 1.7 writes a closing apostrophe after the
 * minutes; PDF 2.0 omits it: both are read.
 */

/** Writes `instant` as the local time at `offsetMinutes` east of UTC (whole minutes, within ±23:59): D:YYYYMMDDHHmmSS+HH'mm'. */
export function writePdfDate(instant: Date, offsetMinutes = 0): string {
  if (!Number.isInteger(offsetMinutes) || Math.abs(offsetMinutes) >= 24 * 60)
    throw new RangeError(`a PDF date's offset must be whole minutes within ±23:59, not ${offsetMinutes}`);
  const t = instant.getTime();
  if (!Number.isFinite(t)) throw new RangeError('an invalid Date cannot be written as a PDF date');
  const local = new Date(t + offsetMinutes * 60_000);
  const year = local.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`a PDF date has a four-digit year, not ${year}`);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const off = Math.abs(offsetMinutes);
  return (
    `D:${p(year, 4)}${p(local.getUTCMonth() + 1)}${p(local.getUTCDate())}` +
    `${p(local.getUTCHours())}${p(local.getUTCMinutes())}${p(local.getUTCSeconds())}` +
    `${sign}${p(Math.floor(off / 60))}'${p(off % 60)}'`
  );
}

const PDF_DATE = /^(?:D:)?(\d{4})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2}))?)?)?)?)?(?:([Zz])(?:00'?(?:00'?)?)?|([+-])(\d{2})(?:'?(\d{2}))?'?)?$/;

/** Reads a PDF date; undefined when `text` is not one (wrong shape, or a field out of range such as month 13 or 25 o'clock). */
export function parsePdfDate(text: string): Date | undefined {
  const m = PDF_DATE.exec(text.trim());
  if (!m) return undefined;
  const n = (s: string | undefined, dflt: number): number => (s === undefined ? dflt : Number(s));
  const year = n(m[1], 0);
  const month = n(m[2], 1);
  const day = n(m[3], 1);
  const hour = n(m[4], 0);
  const minute = n(m[5], 0);
  const second = n(m[6], 0);
  const offHours = n(m[9], 0);
  const offMinutes = n(m[10], 0);
  // setUTCFullYear, not Date.UTC: the latter reads years 0..99 as 1900..1999.
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month, 0);
  const daysInMonth = lastDay.getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59 || offHours > 23 || offMinutes > 59) return undefined;
  const offset = (m[8] === '-' ? -1 : 1) * (offHours * 60 + offMinutes);
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, 0);
  return new Date(utc.getTime() - offset * 60_000);
}
