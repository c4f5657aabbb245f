/**
 * The ledger node's Ed25519 signing key, kept in the workspace at
 * `ledger/node-key.json` (folder 0700, file 0600).
 *
 * The seed is wrapped by the workspace's SecretProtector: Electron safeStorage
 * (OS keychain) in the app, the identity in the plain-Node CLI. There is
 * deliberately no passphrase layer: the node signs checkpoints unattended
 * (automatically, at most once a second after appends, from the app, CLI
 * scripts and background anchoring), so a passphrase would have to be typed
 * for every append or kept in memory for the session. The key's power is
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
import { writeFileAtomic } from '../../core/fs/atomic-write';
import type { SecretProtector } from '../../core/secrets/protector';

const FORMAT = 'affix-ledger-node-key/v1';

const KeyFileSchema = z.object({
  format: z.literal(FORMAT),
  /** Which SecretProtector layer wrapped the seed. */
  protection: z.enum(['safeStorage', 'passphrase-only']),
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

/** Generates a new node key and writes it (refuses to replace an existing one). */
export function createNodeKey(home: string, protector: SecretProtector): Uint8Array {
  if (existsSync(nodeKeyPath(home))) throw new AffixError('CONFLICT', 'The ledger node key already exists.');
  ensureLedgerDir(home);
  const seed = ed25519RandomSeed();
  const publicKey = ed25519PublicKey(seed);
  const body = {
    format: FORMAT,
    protection: protector.info.kind,
    publicKey: toBase64(publicKey),
    secret: toBase64(protector.wrap(seed)),
    createdAt: new Date().toISOString(),
  };
  writeFileAtomic(nodeKeyPath(home), `${JSON.stringify(body, null, 2)}\n`);
  if (process.platform !== 'win32') chmodSync(nodeKeyPath(home), 0o600);
  return publicKey;
}

/** Unwraps the signing seed; throws REFUSED when this process cannot unwrap it. */
export function loadNodeSeed(home: string, protector: SecretProtector, expectedPublicKey: Uint8Array): Uint8Array {
  const file = readKeyFile(home);
  if (!file) {
    throw new AffixError('REFUSED', `The ledger node key (${nodeKeyPath(home)}) is missing, so no checkpoint can be signed.`);
  }
  if (file.protection === 'safeStorage' && protector.info.kind !== 'safeStorage') {
    throw new AffixError(
      'REFUSED',
      'The ledger node key is protected by the OS keychain of the Affix desktop app (safeStorage); sign checkpoints from the app.',
    );
  }
  const wrapped = fromBase64(file.secret);
  if (!wrapped) throw new AffixError('INTERNAL', 'The ledger node key file holds no valid secret.');
  let seed: Uint8Array;
  try {
    seed = file.protection === 'safeStorage' ? protector.unwrap(wrapped) : wrapped;
  } catch (error) {
    throw new AffixError('REFUSED', `The ledger node key could not be unwrapped: ${(error as Error).message}`);
  }
  if (seed.length !== 32 || !bytesEqual(ed25519PublicKey(seed), expectedPublicKey)) {
    throw new AffixError('REFUSED', "The ledger node key file does not hold the node's key (its public key differs).");
  }
  return seed;
}
