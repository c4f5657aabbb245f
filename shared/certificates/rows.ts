/**
 * Checking one CSV row against a template before anything is issued: every
 * column the template prints or signs is present, no value is over-long or
 * starts like a spreadsheet formula, USCCs and resident ID numbers pass
 * their check characters (GB 32100-2015, GB 11643-1999), dates are dates.
 * A failure names the line, the column and the check, so the office can fix
 * the row and re-run (rows already issued are skipped).
 */
import { validateResidentId } from '../identity/resident-id';
import { validateUscc } from '../identity/uscc';
import type { CsvRecord } from './csv';
import type { FieldCheck, FieldMap } from './field-map';

export interface RowError {
  line: number;
  column: string | null;
  check: string;
  message: string;
}

export interface RowValues {
  line: number;
  values: Record<string, string>;
}

export interface ColumnRule {
  check: FieldCheck;
  maxLength: number;
  required: boolean;
}

/** Every column the template uses, with its rule (payload-only columns get the default rule). */
export function columnRules(map: FieldMap, idColumn: string): Map<string, ColumnRule> {
  const rules = new Map<string, ColumnRule>();
  for (const [name, f] of Object.entries(map.fields)) rules.set(name, { check: f.check, maxLength: f.maxLength, required: f.required });
  const add = (name: string | undefined, check: FieldCheck, required: boolean): void => {
    if (!name) return;
    const r = rules.get(name);
    if (r) rules.set(name, { ...r, check: r.check === 'none' ? check : r.check, required: r.required || required });
    else rules.set(name, { check, maxLength: 200, required });
  };
  add(idColumn, 'none', true);
  add(map.payload.holder, 'none', true);
  add(map.payload.holderId, 'none', false);
  add(map.payload.validFrom, 'date', false);
  add(map.payload.validUntil, 'date', false);
  return rules;
}

/** Header problems that stop the whole file (a required column missing from the header). */
export function checkHeader(header: readonly string[], rules: Map<string, ColumnRule>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) problems.push(`column "${h}" appears twice in the header`);
    seen.add(h);
  }
  for (const [name, rule] of rules) if (rule.required && !seen.has(name)) problems.push(`the header has no column "${name}"`);
  return problems;
}

const FORMULA = /^[=@\t\r]|^[+-](?![\d.]+$)/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;
export const isIsoDate = (v: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

export function checkRow(header: readonly string[], record: CsvRecord, rules: Map<string, ColumnRule>, today = new Date()): RowValues | RowError {
  const fail = (column: string | null, check: string, message: string): RowError => ({ line: record.line, column, check, message });
  if (record.fields.length !== header.length) {
    return fail(null, 'columns', `the row has ${record.fields.length} columns, the header ${header.length}`);
  }
  const values: Record<string, string> = {};
  header.forEach((h, i) => (values[h] = record.fields[i]!.trim())); // same length, checked above
  for (const [name, rule] of rules) {
    const v = values[name];
    if (v === undefined || v.length === 0) {
      if (rule.required) return fail(name, 'missing', `column "${name}" is empty`);
      continue;
    }
    const chars = [...v].length;
    if (chars > rule.maxLength) return fail(name, 'length', `column "${name}" is ${chars} characters long (at most ${rule.maxLength})`);
    if (FORMULA.test(v)) return fail(name, 'formula', `column "${name}" starts like a spreadsheet formula (${JSON.stringify(v.slice(0, 12))}…)`);
    if (CONTROL.test(v)) return fail(name, 'control', `column "${name}" holds control or direction-override characters`);
    if (rule.check === 'uscc') {
      const r = validateUscc(v);
      if (!r.ok) return fail(name, `uscc:${r.check}`, `column "${name}": ${r.message}`);
    } else if (rule.check === 'resident-id') {
      const r = validateResidentId(v, today);
      if (!r.ok) return fail(name, `resident-id:${r.check}`, `column "${name}": ${r.message}`);
    } else if (rule.check === 'date' && !isIsoDate(v)) {
      return fail(name, 'date', `column "${name}" is not a date (YYYY-MM-DD): ${JSON.stringify(v.slice(0, 20))}`);
    }
  }
  return { line: record.line, values };
}
