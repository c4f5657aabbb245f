/**
 * The workspace passphrase a caller gave with the call being served. Many
 * contract methods take it (to open a signing key, an organisation's CA
 * key…), and the same call may then need an unattended key sealed under the
 * workspace master key (the ledger node key for an append or a checkpoint,
 * the report seal, the witness key: secrets/unattended-key.ts). The person
 * typed the passphrase once; asking again, or refusing with "give
 * --passphrase-env", would be wrong. So the router serves each call inside
 * its passphrase's context, and the unattended keys read it from there. It
 * lives only as long as the call and the work the call started (a signing
 * job), and is never stored.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<string>();

/** Runs `call` with `passphrase` as the call's workspace passphrase (as is, when there is none). */
export function withCallPassphrase<T>(passphrase: string | undefined, call: () => T): T {
  return passphrase ? current.run(passphrase, call) : call();
}

/** The passphrase of the call being served, if it came with one. */
export const callPassphrase = (): string | undefined => current.getStore();

/** The `passphrase` of a call's input, when it has one (every contract method names the workspace passphrase so). */
export function passphraseOf(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const value = (input as { passphrase?: unknown }).passphrase;
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
