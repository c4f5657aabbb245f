/**
 * C2SP tlog-witness (c2sp.org/tlog-witness) wire formats, shared by the log
 * (which writes requests and reads responses) and the witness (which reads
 * requests and writes responses), in the app, the CLI and any browser.
 *
 * add-checkpoint request body:
 *   old <size>\n            (decimal, no leading zeroes)
 *   <base64 hash>\n ...     (≤ 63 RFC 6962 consistency proof lines)
 *   \n
 *   <checkpoint signed note>
 * 200 response body: one or more note signature lines "— <name> <base64>\n"
 * (timestamped tlog-cosignature/v1 lines from the witness key).
 * 409 response body: "<size>\n", Content-Type text/x.tlog.size.
 */
import { badInput } from '../errors/affix-error';
import { fromBase64, parseDecimal, toBase64 } from './bytes';
import { verifyCosignature } from './cosignature';
import { HASH_SIZE } from './merkle';
import { formatNote, parseNote, signatureLine, signsWith, type NoteSignature, type VerifierKey } from './note';

/** The spec: "The client MUST NOT send more than 63 consistency proof lines." */
export const MAX_WITNESS_PROOF_LINES = 63;
/** A request is a checkpoint (≤ 1 MiB note) plus 63 hashes; anything much larger is refused unread. */
export const MAX_WITNESS_REQUEST_BYTES = 64 * 1024;
export const TLOG_SIZE_CONTENT_TYPE = 'text/x.tlog.size';

export interface AddCheckpointRequest {
  oldSize: number;
  proof: Uint8Array[];
  /** The signed checkpoint note, verbatim (may carry several signatures). */
  checkpoint: string;
}

export function formatAddCheckpointRequest(r: AddCheckpointRequest): string {
  if (r.proof.length > MAX_WITNESS_PROOF_LINES) throw badInput(`A tlog-witness request carries at most ${MAX_WITNESS_PROOF_LINES} proof lines.`);
  return `old ${r.oldSize}\n${r.proof.map((h) => `${toBase64(h)}\n`).join('')}\n${r.checkpoint}`;
}

/** Parses a request body; throws BAD_INPUT (the witness's 400) naming what is wrong. */
export function parseAddCheckpointRequest(body: string): AddCheckpointRequest {
  if (body.length > MAX_WITNESS_REQUEST_BYTES) throw badInput('The add-checkpoint request is too large.');
  const firstEnd = body.indexOf('\n');
  if (firstEnd < 0) throw badInput('The add-checkpoint request has no "old <size>" line.');
  const first = body.slice(0, firstEnd);
  const oldSize = first.startsWith('old ') ? parseDecimal(first.slice(4)) : null;
  if (oldSize === null) throw badInput('The add-checkpoint request must start with "old <size>" (a decimal without leading zeroes).');
  const proof: Uint8Array[] = [];
  let at = firstEnd + 1;
  for (;;) {
    const end = body.indexOf('\n', at);
    if (end < 0) throw badInput('The add-checkpoint request has no empty line before its checkpoint.');
    const line = body.slice(at, end);
    at = end + 1;
    if (line === '') break;
    if (proof.length === MAX_WITNESS_PROOF_LINES) throw badInput(`The add-checkpoint request has more than ${MAX_WITNESS_PROOF_LINES} proof lines.`);
    const h = fromBase64(line);
    if (!h || h.length !== HASH_SIZE) throw badInput(`Proof line ${proof.length + 1} of the add-checkpoint request is not a base64 SHA-256 hash.`);
    proof.push(h);
  }
  const checkpoint = body.slice(at);
  if (checkpoint.length === 0) throw badInput('The add-checkpoint request has no checkpoint.');
  return { oldSize, proof, checkpoint };
}

export const formatTlogSize = (size: number): string => `${size}\n`;

export function parseTlogSize(body: string): number {
  const size = body.endsWith('\n') ? parseDecimal(body.slice(0, -1)) : null;
  if (size === null) throw badInput('A text/x.tlog.size body must be a decimal size and a newline.');
  return size;
}

export const formatCosignatureResponse = (sigs: readonly NoteSignature[]): string => sigs.map(signatureLine).join('');

/** Parses a 200 response body: note signature lines only. */
export function parseCosignatureResponse(body: string): NoteSignature[] {
  if (body.length === 0 || body.length > MAX_WITNESS_REQUEST_BYTES) throw badInput('The witness response is empty or too large.');
  // A signature block is what follows a note's blank line: reuse the signed-note parser on a dummy text.
  try {
    return parseNote(`x\n\n${body}`).signatures;
  } catch (error) {
    throw badInput(`The witness response is not a list of note signature lines: ${(error as Error).message}`);
  }
}

/**
 * The valid cosignatures by `witness` in a response for the checkpoint text,
 * with their timestamps; lines by other keys are ignored, as the spec asks.
 * A line by the witness's key that does not verify makes the response invalid.
 */
export async function checkCosignatureResponse(
  checkpointText: string,
  sigs: readonly NoteSignature[],
  witness: VerifierKey,
): Promise<{ ok: true; cosignatures: { signature: NoteSignature; timestamp: number }[] } | { ok: false; reason: string }> {
  const mine = sigs.filter((s) => signsWith(s, witness));
  if (mine.length === 0) return { ok: false, reason: `the response carries no cosignature by ${witness.name}` };
  const out: { signature: NoteSignature; timestamp: number }[] = [];
  for (const s of mine) {
    const t = await verifyCosignature(checkpointText, s, witness);
    if (t === null || t === 0) return { ok: false, reason: `the cosignature by ${witness.name} does not verify over this checkpoint` };
    out.push({ signature: s, timestamp: t });
  }
  return { ok: true, cosignatures: out };
}

/** The checkpoint note with extra signature lines appended (duplicates dropped). */
export function addSignatures(note: string, extra: readonly NoteSignature[]): string {
  const n = parseNote(note);
  const seen = new Set(n.signatures.map((s) => signatureLine(s)));
  const added = extra.filter((s) => {
    const line = signatureLine(s);
    if (seen.has(line)) return false;
    seen.add(line);
    return true;
  });
  return formatNote({ text: n.text, signatures: [...n.signatures, ...added] });
}
