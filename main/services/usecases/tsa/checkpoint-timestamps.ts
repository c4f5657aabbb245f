/**
 * Timestamps over the ledger's own checkpoints: an RFC 3161 token whose
 * message imprint is the SHA-256 of the signed checkpoint note. One token
 * covers every entry the checkpoint includes, so an entry's proven time is
 * the genTime of the earliest timestamped checkpoint whose tree contains it
 * (its index is below the checkpoint's size); the node's own clock, which
 * writes entry times, is only a claim.
 */
import { createHash } from 'node:crypto';
import { badInput } from '../../../../shared/errors/affix-error';
import type { Workspace } from '../../core/workspace/workspace';
import type { LedgerService } from '../../domain/ledger/ledger-service';

/** The workspace whose ledger is timestamped. */
export interface CheckpointDeps {
  readonly workspace: Workspace;
  readonly ledger: LedgerService;
}

export interface CheckpointTimestamp {
  size: number;
  note: string;
  token: Uint8Array;
  genTime: string;
  tsaUrl: string;
}

/** Signs a checkpoint of the current tree if needed, then has `tsaUrl` timestamp it (once per checkpoint). */
export async function timestampLatestCheckpoint(services: CheckpointDeps, tsaUrl: string): Promise<CheckpointTimestamp & { created: boolean }> {
  services.ledger.ensureNode();
  const { checkpoint } = services.ledger.checkpoint();
  return timestampCheckpoint(services, checkpoint, tsaUrl);
}

/** Has `tsaUrl` timestamp this signed checkpoint (its note as the node key signed it), unless it already was. */
export async function timestampCheckpoint(
  services: CheckpointDeps,
  checkpoint: { size: number; note: string },
  tsaUrl: string,
): Promise<CheckpointTimestamp & { created: boolean }> {
  const db = services.workspace.db;
  const have = db
    .prepare<[number], { size: number; note: string; token: Buffer; gen_time: string; tsa_url: string }>('SELECT * FROM checkpoint_timestamps WHERE size = ?')
    .get(checkpoint.size);
  if (have && have.note === checkpoint.note)
    return { size: have.size, note: have.note, token: new Uint8Array(have.token), genTime: have.gen_time, tsaUrl: have.tsa_url, created: false };
  if (have) throw badInput(`A different checkpoint of size ${checkpoint.size} was timestamped before; the ledger is inconsistent.`);
  const imprint = createHash('sha256').update(checkpoint.note, 'utf8').digest();
  // Loaded here: the client parses tokens with pkijs, which a workspace that only reads its stored tokens never needs.
  const { requestTimestamp, tokenInfo } = await import('./tsa-client');
  const token = await requestTimestamp(tsaUrl, 'SHA-256', imprint);
  const genTime = tokenInfo(token, 'the checkpoint timestamp').genTime.toISOString();
  db.prepare('INSERT INTO checkpoint_timestamps (size, note, token, gen_time, tsa_url) VALUES (?, ?, ?, ?, ?)').run(
    checkpoint.size,
    checkpoint.note,
    Buffer.from(token),
    genTime,
    tsaUrl,
  );
  return { size: checkpoint.size, note: checkpoint.note, token, genTime, tsaUrl, created: true };
}

/** Every timestamped checkpoint, smallest tree first. */
export function checkpointTimestamps(services: CheckpointDeps): CheckpointTimestamp[] {
  return services.workspace.db
    .prepare<[], { size: number; note: string; token: Buffer; gen_time: string; tsa_url: string }>('SELECT * FROM checkpoint_timestamps ORDER BY size')
    .all()
    .map((r) => ({ size: r.size, note: r.note, token: new Uint8Array(r.token), genTime: r.gen_time, tsaUrl: r.tsa_url }));
}

/**
 * The timestamped checkpoints a proof package carries for entries `indices`:
 * for each entry the earliest stored one whose tree includes it (size >
 * index), none larger than the package's checkpoint; smallest tree first.
 */
export function checkpointTimestampsFor(services: CheckpointDeps, indices: readonly number[], maxSize: number): CheckpointTimestamp[] {
  const stored = checkpointTimestamps(services).filter((c) => c.size <= maxSize);
  const chosen = new Map<number, CheckpointTimestamp>();
  for (const i of indices) {
    const first = stored.find((c) => c.size > i);
    if (first) chosen.set(first.size, first);
  }
  return [...chosen.values()].sort((a, b) => a.size - b.size);
}
