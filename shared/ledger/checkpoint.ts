/**
 * C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint): a signed note whose text is
 *   <origin>\n<tree size>\n<base64 root hash>\n[extension lines]
 * signed by the log's Ed25519 key, whose key name is the origin.
 */
import { badInput } from '../errors/affix-error';
import { fromBase64, parseDecimal, toBase64 } from './bytes';
import { HASH_SIZE } from './merkle';
import { parseNote, signsWith, verifyEd25519NoteSignature, SIG_ED25519, type Note, type VerifierKey } from './note';

export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Uint8Array;
  extensions: string[];
}

export function formatCheckpointText(cp: Checkpoint): string {
  if (cp.rootHash.length !== HASH_SIZE) throw new RangeError('root hash must be 32 bytes');
  return [cp.origin, String(cp.size), toBase64(cp.rootHash), ...cp.extensions].join('\n') + '\n';
}

export function parseCheckpointText(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw badInput('Checkpoint text must end with a newline.');
  const lines = text.slice(0, -1).split('\n');
  const [origin, sizeText, rootText, ...extensions] = lines;
  if (origin === undefined || sizeText === undefined || rootText === undefined) {
    throw badInput('Checkpoint needs an origin, a tree size and a root hash.');
  }
  if (origin.length === 0) throw badInput('Checkpoint origin is empty.');
  const size = parseDecimal(sizeText);
  if (size === null) throw badInput(`Checkpoint tree size "${sizeText}" is not a decimal without leading zeroes.`);
  const rootHash = fromBase64(rootText);
  if (!rootHash || rootHash.length !== HASH_SIZE) throw badInput('Checkpoint root hash is not 32 bytes of base64.');
  if (extensions.some((e) => e.length === 0)) throw badInput('Checkpoint extension lines must not be empty.');
  return { origin, size, rootHash, extensions };
}

export type CheckpointVerdict = { ok: true; checkpoint: Checkpoint; note: Note } | { ok: false; reason: string };

/**
 * Opens a signed checkpoint with the log's verifier key: the note must carry a
 * valid signature by that key and its origin must be the expected one (the
 * key's name unless `origin` is given). Malformed input throws BAD_INPUT; a
 * well-formed checkpoint that does not verify returns `ok: false`.
 */
export async function openCheckpoint(message: string, logKey: VerifierKey, origin = logKey.name): Promise<CheckpointVerdict> {
  const note = parseNote(message);
  const checkpoint = parseCheckpointText(note.text);
  if (logKey.type !== SIG_ED25519) return { ok: false, reason: `log key type 0x${logKey.type.toString(16)} is not Ed25519` };
  if (checkpoint.origin !== origin) {
    return { ok: false, reason: `checkpoint is for log "${checkpoint.origin}", expected "${origin}"` };
  }
  const mine = note.signatures.filter((s) => signsWith(s, logKey));
  if (mine.length === 0) return { ok: false, reason: `checkpoint carries no signature by ${logKey.name}` };
  for (const s of mine) {
    if (!(await verifyEd25519NoteSignature(note.text, s, logKey))) {
      return { ok: false, reason: `the signature by ${logKey.name} does not verify (checkpoint altered or forged)` };
    }
  }
  return { ok: true, checkpoint, note };
}
