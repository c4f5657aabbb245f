/**
 * The CLI's one output choke point for strings that came from files
 * (certificate subjects, field names, reasons, package texts): nothing a
 * terminal would act on reaches it raw. C0 controls (bar newline and tab),
 * DEL and C1 controls can clear the screen, set the title or overprint a
 * line (ECMA-48); the bidi controls of Unicode UAX #9 (LRE…RLO U+202A–202E,
 * isolates U+2066–2069, LRM/RLM U+200E/200F, ALM U+061C) can reorder what a
 * reader sees ("Trojan Source", CVE-2021-42574).
 *
 * Text output shows each as a visible escape (`\x1B`, `\u202E`); JSON output
 * writes the same characters as JSON `\uXXXX` escapes, so the parsed value is
 * unchanged while the bytes on the terminal are harmless.
 */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_TEXT = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// JSON.stringify already escapes C0; newlines and indentation between tokens are structure.
// eslint-disable-next-line no-control-regex -- as above
const UNSAFE_JSON = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const hex = (c: string, width: number): string => c.charCodeAt(0).toString(16).toUpperCase().padStart(width, '0');

/** For text shown to a person: every unsafe character as a visible escape. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE_TEXT, (c) => {
    if (c === '\r') return '\\r';
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`;
  });
}

/** For JSON text: the same characters as JSON escapes (valid only inside strings, where they can only be). */
export function jsonSafe(json: string): string {
  return json.replace(UNSAFE_JSON, (c) => `\\u${hex(c, 4).toLowerCase()}`);
}
