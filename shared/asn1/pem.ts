/**
 * PEM, the textual encoding of DER (RFC 7468): read and written here only.
 *
 * Reading follows RFC 7468 §3's lax parser where it is safe: text outside the
 * blocks (OpenSSL's "Bag Attributes", comments) is ignored, and any
 * whitespace inside the base64 is skipped. It is strict where leniency would
 * hide damage: every BEGIN needs an END with the same label, the base64 must
 * be well formed, and input size and block count are bounded. Writing is the
 * strict form (§2): 64-column lines, a final newline.
 */
import { badInput } from '../errors/affix-error';

export interface PemBlock {
  /** The label between "-----BEGIN " and "-----", e.g. "CERTIFICATE", "X509 CRL". */
  label: string;
  der: Uint8Array<ArrayBuffer>;
}

/** Far above any certificate, CRL or chain Affix reads; a bigger input is refused before it is decoded. */
export const MAX_PEM_BYTES = 64 * 1024 * 1024;
export const MAX_PEM_BLOCKS = 10_000;

const BEGIN = '-----BEGIN ';
const PEM_HEAD = 64 * 1024;
const LABEL = /^-----BEGIN ([\x21-\x2c\x2e-\x7e](?:[\x21-\x2c\x2e-\x7e -]*[\x21-\x2c\x2e-\x7e])?)-----/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const asText = (input: Uint8Array | string): string => (typeof input === 'string' ? input : new TextDecoder('latin1').decode(input));

/** Whether `input` is PEM text (holds a BEGIN line) rather than DER. */
export function isPem(input: Uint8Array | string): boolean {
  // Looked for near the start only: a large DER item is not decoded as text to find out. OpenSSL's
  // explanatory text before a block is a few hundred bytes.
  const head = typeof input === 'string' ? input.slice(0, PEM_HEAD) : asText(input.subarray(0, PEM_HEAD));
  return head.includes(BEGIN);
}

/** Every block of `input` in order; throws a bad-input error naming `what` and the problem. */
export function parsePem(input: Uint8Array | string, what = 'the PEM text'): PemBlock[] {
  if (input.length > MAX_PEM_BYTES) throw badInput(`${what} is too large for PEM text (${input.length} bytes; at most ${MAX_PEM_BYTES}).`);
  const text = asText(input);
  const blocks: PemBlock[] = [];
  let at = text.indexOf(BEGIN);
  while (at !== -1) {
    if (blocks.length >= MAX_PEM_BLOCKS) throw badInput(`${what} holds more than ${MAX_PEM_BLOCKS} PEM blocks.`);
    const head = LABEL.exec(text.slice(at, at + 100));
    if (!head) throw badInput(`${what} has a malformed PEM BEGIN line at character ${at}.`);
    const label = head[1] as string;
    const end = `-----END ${label}-----`;
    const bodyStart = at + head[0].length;
    const endAt = text.indexOf(end, bodyStart);
    const nextBegin = text.indexOf(BEGIN, bodyStart);
    if (endAt === -1 || (nextBegin !== -1 && nextBegin < endAt)) throw badInput(`${what}: the PEM block "${label}" has no matching END line.`);
    const b64 = text.slice(bodyStart, endAt).replace(/[\t\n\v\f\r ]+/g, '');
    if (!BASE64.test(b64) || b64.length % 4 !== 0) throw badInput(`${what}: the PEM block "${label}" is not valid base64.`);
    blocks.push({ label, der: Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)) });
    at = text.indexOf(BEGIN, endAt + end.length);
  }
  if (blocks.length === 0) throw badInput(`${what} holds no PEM block.`);
  return blocks;
}

/**
 * The DER of every block labelled one of `labels` when `input` is PEM, else
 * `input` itself as one DER item. PEM holding none of them is refused,
 * naming what it holds instead.
 */
export function derItems(input: Uint8Array, labels: readonly string[], what: string): Uint8Array<ArrayBuffer>[] {
  if (!isPem(input)) return [Uint8Array.from(input)];
  const blocks = parsePem(input, what);
  const wanted = blocks.filter((b) => labels.includes(b.label));
  if (wanted.length === 0) throw badInput(`${what} holds no ${labels[0]} PEM block (it holds ${[...new Set(blocks.map((b) => b.label))].join(', ')}).`);
  return wanted.map((b) => b.der);
}

/** PEM of `der` with `label` (RFC 7468 §2: 64-column base64, a final newline). */
export function toPem(der: Uint8Array, label: string): string {
  let bin = '';
  for (let i = 0; i < der.length; i += 0x8000) bin += String.fromCharCode(...der.subarray(i, i + 0x8000));
  const b64 = btoa(bin).replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}
