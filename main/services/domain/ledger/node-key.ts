/**
 * The ledger node's Ed25519 signing key, kept in the workspace at
 * `ledger/node-key.json` (folder 0700, file 0600).
 *
 * The seed is sealed like every other workspace key (secrets/unattended-key.ts):
 * under the workspace master key, itself sealed by the workspace passphrase, or
 * by Electron safeStorage in the app. The node signs checkpoints unattended
 * (at most once a second after appends), so the seed is opened once per
 * process from the session's passphrase and kept in memory. The key's power is
 * narrow: it signs checkpoints of this one log. Someone who steals it together
 * with the database could sign a rewritten history, but every checkpoint and
 * proof already handed out (and every witness cosignature) exposes such a fork,
 * which is what witness policies (shared/ledger/witness-policy.ts) are for.
 *
 * A key wrapped by safeStorage can only be unwrapped through safeStorage; the
 * file records which layer wrapped it so other processes fail with a clear
 * message instead of signing with garbage.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AffixError } from '../../../../shared/errors/affix-error';
import { bytesEqual, fromBase64, toBase64 } from '../../../../shared/ledger/bytes';
import { ed25519PublicKey, ed25519RandomSeed } from '../../../../shared/ledger/ed25519';
import { resealPendingKey, writeKeyFileJson } from '../../core/secrets/sealed-key-file';
import { openUnattended, sealUnattended, UNATTENDED_PROTECTIONS, type UnattendedSealing } from '../../core/secrets/unattended-key';

const FORMAT = 'affix-ledger-node-key/v1';
/** Binds the vault box to this key's role, so one sealed key cannot be swapped for another. */
const CONTEXT = 'ledger-node-key';
const WHAT = 'The ledger node key';

const KeyFileSchema = z.object({
  format: z.literal(FORMAT),
  /** How the seed is sealed (unattended-key.ts). */
  protection: z.enum(UNATTENDED_PROTECTIONS),
  publicKey: z.string(),
  secret: z.string(),
  createdAt: z.string(),
});

export const ledgerDir = (home: string): string => join(home, 'ledger');
export const nodeKeyPath = (home: string): string => join(ledgerDir(home), 'node-key.json');

export function ensureLedgerDir(home: string): string {
  const dir = ledgerDir(home);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') chmodSync(dir, 0o700);
  return dir;
}

function readKeyFile(home: string): z.infer<typeof KeyFileSchema> | null {
  const path = nodeKeyPath(home);
  if (!existsSync(path)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new AffixError('INTERNAL', `The ledger node key file ${path} is unreadable: ${(error as Error).message}`);
  }
  const file = KeyFileSchema.safeParse(parsed);
  if (!file.success) throw new AffixError('INTERNAL', `The ledger node key file ${path} is not in the expected format.`);
  return file.data;
}

/** The public key in the key file, or null when there is no key file. */
export function readNodePublicKey(home: string): Uint8Array | null {
  const file = readKeyFile(home);
  if (!file) return null;
  const pk = fromBase64(file.publicKey);
  if (!pk || pk.length !== 32) throw new AffixError('INTERNAL', 'The ledger node key file holds no valid public key.');
  return pk;
}

/** Generates a new node key and writes it sealed (refuses to replace an existing one). */
export function createNodeKey(home: string, sealing: UnattendedSealing): Uint8Array {
  if (existsSync(nodeKeyPath(home))) throw new AffixError('CONFLICT', 'The ledger node key already exists.');
  ensureLedgerDir(home);
  const seed = ed25519RandomSeed();
  const publicKey = ed25519PublicKey(seed);
  writeKeyFile(home, { publicKey: toBase64(publicKey), ...sealUnattended(seed, CONTEXT, sealing), createdAt: new Date().toISOString() });
  seed.fill(0);
  return publicKey;
}

function writeKeyFile(home: string, body: Omit<z.infer<typeof KeyFileSchema>, 'format'>): void {
  writeKeyFileJson(nodeKeyPath(home), { format: FORMAT, ...body });
}

/** Re-seals a key file written before the workspace had a passphrase; true when it did. */
export function sealPendingNodeKey(home: string, sealing: UnattendedSealing): boolean {
  return resealPendingKey(readKeyFile(home), { context: CONTEXT, what: WHAT }, sealing, (file) => writeKeyFile(home, file));
}

/** Opens the signing seed; throws REFUSED when this process cannot open it. */
export function loadNodeSeed(home: string, sealing: UnattendedSealing, expectedPublicKey: Uint8Array): Uint8Array {
  const file = readKeyFile(home);
  if (!file) {
    throw new AffixError('REFUSED', `The ledger node key (${nodeKeyPath(home)}) is missing, so no checkpoint can be signed.`);
  }
  const seed = openUnattended(file, CONTEXT, sealing, WHAT);
  if (seed.length !== 32 || !bytesEqual(ed25519PublicKey(seed), expectedPublicKey)) {
    throw new AffixError('REFUSED', "The ledger node key file does not hold the node's key (its public key differs).");
  }
  return seed;
}
