/**
 * The witness's Ed25519 key, kept at `witness/witness-key.json` (folder 0700,
 * file 0600), sealed like the ledger node key (secrets/unattended-key.ts):
 * under the workspace master key and passphrase, or Electron safeStorage in the
 * app. A witness answers add-checkpoint requests unattended, so the seed is
 * opened once when the witness starts. Its power is narrow: it can only state
 * "I saw this tree head", and every statement it made is recorded in the
 * witness tables so a misused key shows.
 *
 * Signing and verifying use node:crypto (synchronous, native), so a batch of
 * requests is checked, recorded and cosigned inside one SQLite transaction.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import { bytesEqual, concatBytes, fromBase64, toBase64, writeU64 } from '../../../../shared/ledger/bytes';
import { cosignatureMessage } from '../../../../shared/ledger/cosignature';
import { ed25519PublicKey, ed25519RandomSeed } from '../../../../shared/ledger/ed25519';
import { formatVerifierKey, isValidKeyName, verifierKey, SIG_COSIGNATURE_V1, type NoteSignature, type VerifierKey } from '../../../../shared/ledger/note';
import { resealPendingKey, writeKeyFileJson } from '../../core/secrets/sealed-key-file';
import { openUnattended, sealUnattended, UNATTENDED_PROTECTIONS, type UnattendedSealing } from '../../core/secrets/unattended-key';

const FORMAT = 'affix-witness-key/v1';
const CONTEXT = 'witness-key';
const WHAT = 'The witness key';

const KeyFileSchema = z.object({
  format: z.literal(FORMAT),
  protection: z.enum(UNATTENDED_PROTECTIONS),
  name: z.string(),
  publicKey: z.string(),
  secret: z.string(),
  createdAt: z.string(),
});

export const witnessDir = (home: string): string => join(home, 'witness');
export const witnessKeyPath = (home: string): string => join(witnessDir(home), 'witness-key.json');

const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

export const ed25519PrivateKeyObject = (seed: Uint8Array): KeyObject =>
  createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });

const publicKeyCache = new Map<string, KeyObject>();
/** A cached node:crypto public key for raw Ed25519 bytes. */
export function ed25519PublicKeyObject(publicKey: Uint8Array): KeyObject {
  const id = Buffer.from(publicKey).toString('hex');
  let k = publicKeyCache.get(id);
  if (!k) {
    k = createPublicKey({ key: Buffer.concat([SPKI_ED25519, publicKey]), format: 'der', type: 'spki' });
    if (publicKeyCache.size > 1024) publicKeyCache.clear();
    publicKeyCache.set(id, k);
  }
  return k;
}

/** Synchronous native Ed25519 verification; false for anything malformed. */
export function ed25519VerifyNative(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    return verify(null, message, ed25519PublicKeyObject(publicKey), signature);
  } catch {
    return false;
  }
}

export class WitnessSigner {
  readonly key: VerifierKey;
  private readonly privateKey: KeyObject;
  constructor(name: string, seed: Uint8Array) {
    this.key = verifierKey(name, SIG_COSIGNATURE_V1, ed25519PublicKey(seed));
    this.privateKey = ed25519PrivateKeyObject(seed);
  }
  get verifierKey(): string {
    return formatVerifierKey(this.key);
  }
  /** A c2sp.org/tlog-cosignature v1 line over the checkpoint text at `timestamp` (seconds, > 0). */
  cosign(checkpointText: string, timestamp: number): NoteSignature {
    const ts = new Uint8Array(8);
    writeU64(ts, 0, timestamp);
    const sig = sign(null, cosignatureMessage(checkpointText, timestamp), this.privateKey);
    return { name: this.key.name, keyId: this.key.keyId, signature: concatBytes(ts, new Uint8Array(sig)) };
  }
}

function readKeyFile(home: string): z.infer<typeof KeyFileSchema> | null {
  const path = witnessKeyPath(home);
  if (!existsSync(path)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new AffixError('INTERNAL', `The witness key file ${path} is unreadable: ${(error as Error).message}`);
  }
  const file = KeyFileSchema.safeParse(parsed);
  if (!file.success) throw new AffixError('INTERNAL', `The witness key file ${path} is not in the expected format.`);
  return file.data;
}

export const hasWitnessKey = (home: string): boolean => existsSync(witnessKeyPath(home));

/** Creates the witness key (refusing to replace one) and returns its verifier key. */
export function createWitnessKey(home: string, name: string, sealing: UnattendedSealing): VerifierKey {
  if (!isValidKeyName(name)) throw badInput(`Invalid witness name "${name}": it must be non-empty, without spaces or "+" (e.g. court.example/witness).`);
  if (hasWitnessKey(home))
    throw new AffixError('CONFLICT', `This workspace already has a witness key (${witnessKeyPath(home)}); a witness keeps one identity.`);
  const dir = witnessDir(home);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') chmodSync(dir, 0o700);
  const seed = ed25519RandomSeed();
  const key = verifierKey(name, SIG_COSIGNATURE_V1, ed25519PublicKey(seed));
  writeKeyFile(home, { name, publicKey: toBase64(key.publicKey), ...sealUnattended(seed, CONTEXT, sealing), createdAt: new Date().toISOString() });
  seed.fill(0);
  return key;
}

function writeKeyFile(home: string, body: Omit<z.infer<typeof KeyFileSchema>, 'format'>): void {
  writeKeyFileJson(witnessKeyPath(home), { format: FORMAT, ...body });
}

/** Re-seals a key file written before the workspace had a passphrase; true when it did. */
export function sealPendingWitnessKey(home: string, sealing: UnattendedSealing): boolean {
  return resealPendingKey(readKeyFile(home), { context: CONTEXT, what: WHAT }, sealing, (file) => writeKeyFile(home, file));
}

/** The witness's public identity without unwrapping the seed; null when there is no witness here. */
export function readWitnessKey(home: string): VerifierKey | null {
  const file = readKeyFile(home);
  if (!file) return null;
  const pk = fromBase64(file.publicKey);
  if (!pk || pk.length !== 32) throw new AffixError('INTERNAL', 'The witness key file holds no valid public key.');
  return verifierKey(file.name, SIG_COSIGNATURE_V1, pk);
}

function readExistingKeyFile(home: string): z.infer<typeof KeyFileSchema> {
  const file = readKeyFile(home);
  if (!file) throw new AffixError('NOT_INITIALISED', 'This workspace runs no witness: run "affix witness init --name NAME" first.');
  return file;
}

/** The witness's unsealed Ed25519 seed (callers zero it when done). */
export function openWitnessSeed(home: string, sealing: UnattendedSealing): Uint8Array {
  const seed = openUnattended(readExistingKeyFile(home), CONTEXT, sealing, WHAT);
  if (seed.length !== 32) throw new AffixError('REFUSED', 'The witness key file does not hold an Ed25519 seed.');
  return seed;
}

export function loadWitnessSigner(home: string, sealing: UnattendedSealing): WitnessSigner {
  const file = readExistingKeyFile(home);
  const seed = openWitnessSeed(home, sealing);
  const signer = new WitnessSigner(file.name, seed);
  seed.fill(0);
  if (!bytesEqual(signer.key.publicKey, fromBase64(file.publicKey) ?? new Uint8Array(0))) {
    throw new AffixError('REFUSED', 'The witness key file does not hold the witness key (its public key differs).');
  }
  return signer;
}
