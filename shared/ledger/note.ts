/**
 * C2SP signed-note (c2sp.org/signed-note): a UTF-8 text ending in a newline,
 * a blank line, then signature lines "— <key name> base64(key ID ‖ signature)".
 * Key ID = first 4 bytes of SHA-256(name ‖ 0x0A ‖ signature type ‖ public key).
 * Verifier keys are written "name+hex(key ID)+base64(type ‖ public key)".
 *
 * Supported signature types: 0x01 Ed25519 (checkpoint signatures) and 0x04
 * timestamped Ed25519 cosignatures (c2sp.org/tlog-cosignature, see cosignature.ts).
 * Signatures from unknown keys are ignored, as the spec requires.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { badInput } from '../errors/affix-error';
import { bytesEqual, concatBytes, fromBase64, fromHex, fromUtf8, toBase64, toHex, utf8 } from './bytes';
import { ed25519PublicKey, ed25519Sign, ed25519Verify } from './ed25519';

export const SIG_ED25519 = 0x01;
export const SIG_COSIGNATURE_V1 = 0x04;

/** Verifiers must accept at least 16 signatures; we refuse notes with absurd numbers of them. */
export const MAX_NOTE_SIGNATURES = 100;
export const MAX_NOTE_BYTES = 1 << 20;

const EM_DASH = '\u2014';

export interface VerifierKey {
  name: string;
  /** 4 bytes. */
  keyId: Uint8Array;
  type: number;
  publicKey: Uint8Array;
}

export interface NoteSignature {
  name: string;
  keyId: Uint8Array;
  /** The signature bytes after the key ID (for cosignatures: timestamp ‖ Ed25519 signature). */
  signature: Uint8Array;
}

export interface Note {
  /** The signed text, including its final newline. */
  text: string;
  signatures: NoteSignature[];
}

/** Non-empty, no Unicode spaces, no '+', no control characters. */
export function isValidKeyName(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return name.length > 0 && !/[\s+\u0000-\u001f\u007f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/.test(name);
}

export function keyIdFor(name: string, type: number, publicKey: Uint8Array): Uint8Array {
  return sha256(concatBytes(utf8(name), new Uint8Array([0x0a, type]), publicKey)).slice(0, 4);
}

export function verifierKey(name: string, type: number, publicKey: Uint8Array): VerifierKey {
  if (!isValidKeyName(name)) throw badInput(`Invalid key name "${name}": it must be non-empty without spaces or "+".`);
  return { name, type, publicKey, keyId: keyIdFor(name, type, publicKey) };
}

export const formatVerifierKey = (k: VerifierKey): string => `${k.name}+${toHex(k.keyId)}+${toBase64(concatBytes(new Uint8Array([k.type]), k.publicKey))}`;

/** Parses "name+keyid+base64"; refuses a key ID that does not match the key (for the types we know). */
export function parseVerifierKey(text: string): VerifierKey {
  const s = text.trim();
  const first = s.indexOf('+');
  const second = first < 0 ? -1 : s.indexOf('+', first + 1);
  if (first <= 0 || second < 0) throw badInput(`Not a verifier key (expected name+keyid+base64key): "${short(s)}"`);
  const name = s.slice(0, first);
  const idHex = s.slice(first + 1, second);
  const raw = fromBase64(s.slice(second + 1));
  if (!isValidKeyName(name)) throw badInput(`Verifier key has an invalid name "${short(name)}".`);
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw badInput(`Verifier key id "${short(idHex)}" is not 8 lowercase hex digits.`);
  if (!raw || raw.length < 2) throw badInput('Verifier key material is not valid base64.');
  const type = raw[0]!; // raw.length ≥ 2, checked above
  const publicKey = raw.slice(1);
  if ((type === SIG_ED25519 || type === SIG_COSIGNATURE_V1) && publicKey.length !== 32) {
    throw badInput(`Verifier key of type 0x0${type} must hold a 32-byte Ed25519 key.`);
  }
  const keyId = fromHex(idHex)!;
  if ((type === SIG_ED25519 || type === SIG_COSIGNATURE_V1) && !bytesEqual(keyId, keyIdFor(name, type, publicKey))) {
    throw badInput(`Verifier key id ${idHex} does not match the key.`);
  }
  return { name, keyId, type, publicKey };
}

/** Ed25519 signer key "PRIVATE+KEY+name+keyid+base64(0x01 ‖ seed)" as golang.org/x/mod/sumdb/note writes it. */
export function parseSignerKey(text: string): { name: string; seed: Uint8Array; verifier: VerifierKey } {
  const m = /^PRIVATE\+KEY\+([^+]+)\+([0-9a-f]{8})\+(.+)$/.exec(text.trim());
  const raw = m ? fromBase64(m[3]!) : null;
  if (!m || !raw || raw.length !== 33 || raw[0] !== SIG_ED25519) throw badInput('Not an Ed25519 signer key.');
  // The pattern's groups are not optional: a match has all three.
  const name = m[1]!;
  const seed = raw.slice(1);
  const verifier = verifierKey(name, SIG_ED25519, ed25519PublicKey(seed));
  if (toHex(verifier.keyId) !== m[2]) throw badInput('Signer key id does not match the key.');
  return { name, seed, verifier };
}

export const signerKeyText = (name: string, seed: Uint8Array): string => {
  const v = verifierKey(name, SIG_ED25519, ed25519PublicKey(seed));
  return `PRIVATE+KEY+${name}+${toHex(v.keyId)}+${toBase64(concatBytes(new Uint8Array([SIG_ED25519]), seed))}`;
};

const short = (s: string): string => (s.length > 60 ? `${s.slice(0, 57)}…` : s);

/** Checks a note text: UTF-8 by construction, newline-terminated, no control characters but newlines. */
export function assertNoteText(text: string): void {
  if (!text.endsWith('\n')) throw badInput('Note text must end with a newline.');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(text)) throw badInput('Note text contains control characters.');
}

export function signatureLine(s: NoteSignature): string {
  return `${EM_DASH} ${s.name} ${toBase64(concatBytes(s.keyId, s.signature))}\n`;
}

export const formatNote = (note: Note): string => `${note.text}\n${note.signatures.map(signatureLine).join('')}`;

/** Splits a signed note into text and signature lines; throws BAD_INPUT if it is not one. */
export function parseNote(message: string | Uint8Array): Note {
  let msg: string;
  if (typeof message === 'string') msg = message;
  else {
    if (message.length > MAX_NOTE_BYTES) throw badInput('Signed note is too large.');
    const decoded = fromUtf8(message);
    if (decoded === null) throw badInput('Signed note is not valid UTF-8.');
    msg = decoded;
  }
  if (msg.length > MAX_NOTE_BYTES) throw badInput('Signed note is too large.');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(msg)) throw badInput('Signed note contains control characters.');
  const split = msg.lastIndexOf('\n\n');
  if (split < 0) throw badInput('Signed note has no blank line before its signatures.');
  const text = msg.slice(0, split + 1);
  const sigBlock = msg.slice(split + 2);
  if (!sigBlock.endsWith('\n')) throw badInput('Signed note must end with a newline.');
  const lines = sigBlock.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) throw badInput(`Signed note has more than ${MAX_NOTE_SIGNATURES} signatures.`);
  const signatures = lines.map((line): NoteSignature => {
    if (!line.startsWith(`${EM_DASH} `)) throw badInput(`Malformed signature line: "${short(line)}"`);
    const rest = line.slice(2);
    const space = rest.indexOf(' ');
    const name = space < 0 ? '' : rest.slice(0, space);
    const raw = space < 0 ? null : fromBase64(rest.slice(space + 1));
    if (!isValidKeyName(name) || !raw || raw.length < 5) throw badInput(`Malformed signature line: "${short(line)}"`);
    return { name, keyId: raw.slice(0, 4), signature: raw.slice(4) };
  });
  return { text, signatures };
}

export const signsWith = (s: NoteSignature, k: VerifierKey): boolean => s.name === k.name && bytesEqual(s.keyId, k.keyId);

/** An Ed25519 (type 0x01) signature over the note text. */
export function signNoteText(text: string, name: string, seed: Uint8Array): NoteSignature {
  assertNoteText(text);
  const k = verifierKey(name, SIG_ED25519, ed25519PublicKey(seed));
  return { name, keyId: k.keyId, signature: ed25519Sign(utf8(text), seed) };
}

export async function verifyEd25519NoteSignature(text: string, s: NoteSignature, k: VerifierKey): Promise<boolean> {
  return k.type === SIG_ED25519 && signsWith(s, k) && ed25519Verify(s.signature, utf8(text), k.publicKey);
}
