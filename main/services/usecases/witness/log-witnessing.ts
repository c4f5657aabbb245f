/**
 * The log side of consortium witnessing: this workspace's ledger node asks
 * other parties' witnesses (a court, a notary office, a CA) to cosign its
 * checkpoints, over HTTP (c2sp.org/tlog-witness add-checkpoint) or by file
 * exchange for air-gapped witnesses (the request and response bodies are the
 * same bytes, carried on a USB stick). Cosignatures are checked against the
 * witness keys of the workspace's witness policy (c2sp.org/tlog-policy) and
 * stored per checkpoint; proofs and exports then carry the cosigned note.
 */
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import { parseCheckpointText } from '../../../../shared/ledger/checkpoint';
import {
  formatVerifierKey,
  parseNote,
  parseVerifierKey,
  signatureLine,
  signsWith,
  SIG_COSIGNATURE_V1,
  type NoteSignature,
  type VerifierKey,
} from '../../../../shared/ledger/note';
import { checkCosignatureResponse, parseCosignatureResponse, parseTlogSize, TLOG_SIZE_CONTENT_TYPE } from '../../../../shared/ledger/tlog-witness';
import { checkWitnesses, parseWitnessPolicy, type WitnessPolicy } from '../../../../shared/ledger/witness-policy';
import type { LedgerService } from '../../domain/ledger/ledger-service';
import type { StoredCheckpoint } from '../../domain/ledger/checkpointer';
import type { Workspace } from '../../core/workspace/workspace';
import { cosignedNote } from '../../domain/ledger/cosigned-note';

export interface PolicyWitness {
  name: string;
  key: VerifierKey;
  verifierKey: string;
  url: string | null;
}

export interface WitnessingStatus {
  policy: string | null;
  quorum: string | null;
  witnesses: { name: string; verifierKey: string; url: string | null; lastSize: number | null }[];
  /** The policy's groups: met when `threshold` of `members` (witnesses or groups) are. */
  groups: { name: string; threshold: number; members: string[] }[];
  latest: { size: number; cosignedBy: string[]; satisfied: boolean } | null;
  /** Policy witnesses that have not cosigned the latest checkpoint: send them a request file or reach them online. */
  pending: string[];
  checkpoints: { size: number; cosignedBy: string[]; satisfied: boolean }[];
}

/**
 * How asking one witness online ended, for words in any language (the reason
 * is English, for the CLI): cosigned; unreachable; refused (an HTTP status);
 * the witness holds a larger size than this node (rolled back or rebuilt);
 * an answer that is not a valid cosignature.
 */
export type OnlineOutcome = 'cosigned' | 'unreachable' | 'refused' | 'rolled-back' | 'bad-response';

export interface OnlineResult {
  witness: string;
  url: string;
  ok: boolean;
  outcome: OnlineOutcome;
  /** The HTTP status of a refusal, else null. */
  httpStatus: number | null;
  size: number | null;
  reason: string;
}

/** How many recent checkpoints a response file is matched against. */
const CANDIDATES = 64;
const FETCH_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 64 * 1024;

export class LogWitnessing {
  constructor(
    private readonly ws: Workspace,
    private readonly ledger: LedgerService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  // ── policy ──────────────────────────────────────────────────────────────

  setPolicy(text: string): WitnessingStatus {
    const policy = parseWitnessPolicy(text);
    for (const [name, k] of policy.witnesses) {
      if (k.type !== SIG_COSIGNATURE_V1) throw badInput(`Witness ${name}: only Ed25519 cosignature/v1 keys (type 0x04) can be checked here.`);
    }
    policyWitnesses(text); // validates the URLs
    this.ws.db
      .prepare(
        'INSERT INTO log_witness_policy (id, policy, set_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET policy = excluded.policy, set_at = excluded.set_at',
      )
      .run(text, this.now().toISOString());
    return this.status();
  }

  policyText(): string | null {
    return this.ws.db.prepare<[], string>('SELECT policy FROM log_witness_policy WHERE id = 1').pluck().get() ?? null;
  }

  policy(): WitnessPolicy | null {
    const t = this.policyText();
    return t === null ? null : parseWitnessPolicy(t);
  }

  witnesses(): PolicyWitness[] {
    const t = this.policyText();
    return t === null ? [] : policyWitnesses(t);
  }

  // ── requests and responses ──────────────────────────────────────────────

  /** The newest size `witness` (a policy name or a verifier key) cosigned for this log, or null. */
  lastSize(witness: string | VerifierKey): number | null {
    const key = typeof witness === 'string' ? this.resolveWitness(witness).key : witness;
    return this.ws.db.prepare<[string], number>('SELECT size FROM log_witness_state WHERE witness_key = ?').pluck().get(formatVerifierKey(key)) ?? null;
  }

  /**
   * A tlog-witness add-checkpoint body for the latest checkpoint (signing one
   * if the tree grew): "old N", the consistency proof from N, a blank line,
   * the checkpoint. N defaults to the size the named witness last cosigned.
   */
  request(options: { old?: number; witness?: string } = {}): { body: string; oldSize: number; size: number } {
    const latest = this.ledger.checkpoint().checkpoint;
    // Default: what this node knows of the named witness (or of the policy's only witness); else 0, which a witness answers with 409 and its size.
    const only = this.witnesses().length === 1 ? this.witnesses()[0].key : null;
    const old = options.old ?? (options.witness ? (this.lastSize(options.witness) ?? 0) : only ? (this.lastSize(only) ?? 0) : 0);
    if (old > latest.size) throw badInput(`--old ${old} is larger than the latest checkpoint (${latest.size} entries).`);
    const c = this.ledger.consistency(old, latest.size);
    return { body: c.proof, oldSize: old, size: latest.size };
  }

  /**
   * Checks and stores the cosignature lines of a witness response (a 200
   * body). Each line must be by a witness of the policy (or an extra key the
   * caller names) and verify over one of the node's recent checkpoints.
   */
  async addCosignatures(response: string, extraKeys: readonly VerifierKey[] = []): Promise<{ size: number; witnesses: string[] }> {
    const sigs = parseCosignatureResponse(response);
    const known = [...this.witnesses().map((w) => ({ name: w.name, key: w.key })), ...extraKeys.map((k) => ({ name: k.name, key: k }))];
    const mine = known.filter((w) => sigs.some((s) => signsWith(s, w.key)));
    if (mine.length === 0) {
      throw badInput(
        `The response holds no cosignature by a witness of this workspace's policy (${known.map((w) => w.name).join(', ') || 'no policy set: "affix ledger witness-policy set FILE"'}).`,
      );
    }
    const candidates = this.ledger.listCheckpoints(CANDIDATES);
    let size: number | null = null;
    for (const w of mine) {
      const cp = await findCheckpoint(candidates, sigs, w.key);
      if (!cp) throw new AffixError('REFUSED', `The cosignature by ${w.name} does not verify over any of this node's last ${candidates.length} checkpoints.`);
      for (const c of cp.cosignatures) this.store(cp.checkpoint, w.key, c.signature, c.timestamp);
      size = Math.max(size ?? 0, cp.checkpoint.size);
    }
    return { size: size!, witnesses: mine.map((m) => m.name) };
  }

  private store(cp: StoredCheckpoint, key: VerifierKey, sig: NoteSignature, timestamp: number): void {
    const vkey = formatVerifierKey(key);
    const at = this.now().toISOString();
    this.ws.db.transaction(() => {
      this.ws.db
        .prepare(
          'INSERT INTO log_cosignatures (size, witness_key, line, timestamp, added_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (size, witness_key) DO UPDATE SET line = excluded.line, timestamp = excluded.timestamp',
        )
        .run(cp.size, vkey, signatureLine(sig), timestamp, at);
      this.ws.db
        .prepare(
          'INSERT INTO log_witness_state (witness_key, size, updated_at) VALUES (?, ?, ?) ON CONFLICT (witness_key) DO UPDATE SET size = MAX(size, excluded.size), updated_at = excluded.updated_at',
        )
        .run(vkey, cp.size, at);
    })();
  }

  /** The checkpoint note of `size` with every stored cosignature appended (what proofs and exports carry). */
  cosignedNote(cp: StoredCheckpoint): string {
    return cosignedNote(this.ws.db, cp.size, cp.note);
  }

  // ── online ──────────────────────────────────────────────────────────────

  /** Sends the latest checkpoint to a witness over HTTP; a 409 is answered once with the size the witness names. */
  async witnessOnline(url: string, witness: PolicyWitness | VerifierKey): Promise<OnlineResult> {
    const key = 'key' in witness ? witness.key : witness;
    const name = 'key' in witness ? witness.name : witness.name;
    const endpoint = addCheckpointUrl(url);
    let old = this.lastSize(key) ?? 0;
    for (let attempt = 0; attempt < 2; attempt++) {
      const { body, size } = this.request({ old: Math.min(old, this.ledger.checkpoint().checkpoint.size) });
      if (old > size)
        return {
          witness: name,
          url,
          ok: false,
          outcome: 'rolled-back',
          httpStatus: null,
          size,
          reason: `the witness has cosigned size ${old} of this log, larger than the node's ${size}: the ledger was rolled back or rebuilt`,
        };
      let res: Response;
      try {
        res = await fetch(endpoint, {
          method: 'POST',
          body,
          headers: { 'Content-Type': 'text/plain; charset=utf-8' },
          signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
        });
      } catch (error) {
        return { witness: name, url, ok: false, outcome: 'unreachable', httpStatus: null, size, reason: `unreachable (${(error as Error).message})` };
      }
      let text: string;
      try {
        text = await boundedText(res);
      } catch (error) {
        return { witness: name, url, ok: false, outcome: 'bad-response', httpStatus: res.status, size, reason: (error as Error).message };
      }
      if (res.status === 409 && (res.headers.get('content-type') ?? '').startsWith(TLOG_SIZE_CONTENT_TYPE) && attempt === 0) {
        try {
          old = parseTlogSize(text);
        } catch {
          return { witness: name, url, ok: false, outcome: 'refused', httpStatus: 409, size, reason: 'the witness answered 409 without a valid size' };
        }
        continue;
      }
      if (res.status !== 200)
        return { witness: name, url, ok: false, outcome: 'refused', httpStatus: res.status, size, reason: `HTTP ${res.status}: ${text.trim().slice(0, 200)}` };
      try {
        const stored = await this.addCosignatures(text, [key]);
        return { witness: name, url, ok: true, outcome: 'cosigned', httpStatus: null, size: stored.size, reason: '' };
      } catch (error) {
        return { witness: name, url, ok: false, outcome: 'bad-response', httpStatus: 200, size, reason: (error as Error).message };
      }
    }
    return { witness: name, url, ok: false, outcome: 'refused', httpStatus: 409, size: null, reason: 'the witness kept answering 409' };
  }

  /** Sends the latest checkpoint to every policy witness that has a URL; the others stay pending (file exchange). */
  async witnessReachable(): Promise<OnlineResult[]> {
    const out: OnlineResult[] = [];
    for (const w of this.witnesses()) if (w.url) out.push(await this.witnessOnline(w.url, w));
    return out;
  }

  /** For an export: reach the reachable witnesses for this checkpoint, then the note with every cosignature it has. */
  async cosignForExport(cp: StoredCheckpoint): Promise<{ note: string; policy: string | null }> {
    const policy = this.policyText();
    if (policy !== null) await this.witnessReachable();
    return { note: this.cosignedNote(cp), policy };
  }

  // ── status ──────────────────────────────────────────────────────────────

  status(): WitnessingStatus {
    const text = this.policyText();
    const ws = text === null ? [] : policyWitnesses(text);
    const policy = text === null ? null : parseWitnessPolicy(text);
    const latest = this.ledger.latestCheckpoint();
    const byKey = new Map(ws.map((w) => [w.verifierKey, w.name]));
    const cosigners = (size: number): string[] =>
      this.ws.db
        .prepare<[number], string>('SELECT witness_key FROM log_cosignatures WHERE size = ? ORDER BY witness_key')
        .pluck()
        .all(size)
        .map((k) => byKey.get(k) ?? parseVerifierKey(k).name);
    const sizes = this.ws.db.prepare<[], number>('SELECT DISTINCT size FROM log_cosignatures ORDER BY size DESC LIMIT 20').pluck().all();
    const latestBy = latest ? cosigners(latest.size) : [];
    const satisfied = (by: string[]): boolean => policy !== null && quorumMet(policy, new Set(by));
    return {
      policy: text,
      quorum: policy === null ? null : policy.quorum,
      witnesses: ws.map((w) => ({ name: w.name, verifierKey: w.verifierKey, url: w.url, lastSize: this.lastSize(w.key) })),
      groups: policy === null ? [] : [...policy.groups].map(([name, g]) => ({ name, threshold: g.threshold, members: [...g.members] })),
      latest: latest ? { size: latest.size, cosignedBy: latestBy, satisfied: satisfied(latestBy) } : null,
      pending: latest ? ws.filter((w) => !latestBy.includes(w.name)).map((w) => w.name) : [],
      checkpoints: sizes.map((size) => {
        const by = cosigners(size);
        return { size, cosignedBy: by, satisfied: satisfied(by) };
      }),
    };
  }

  /** Whether a note's cosignatures meet the workspace policy (for callers that hold a note). */
  async meetsPolicy(note: string): Promise<boolean> {
    const p = this.policy();
    return p === null ? true : (await checkWitnesses(parseNote(note), p)).satisfied;
  }

  private resolveWitness(nameOrKey: string): PolicyWitness {
    const w = this.witnesses().find((x) => x.name === nameOrKey || x.verifierKey === nameOrKey.trim());
    if (w) return w;
    if (nameOrKey.includes('+')) {
      const key = parseVerifierKey(nameOrKey);
      return { name: key.name, key, verifierKey: formatVerifierKey(key), url: null };
    }
    throw badInput(`"${nameOrKey}" is neither a witness of the policy nor a verifier key.`);
  }
}

async function findCheckpoint(
  candidates: readonly StoredCheckpoint[],
  sigs: readonly NoteSignature[],
  key: VerifierKey,
): Promise<{ checkpoint: StoredCheckpoint; cosignatures: { signature: NoteSignature; timestamp: number }[] } | null> {
  for (const cp of candidates) {
    const v = await checkCosignatureResponse(parseNote(cp.note).text, sigs, key);
    if (v.ok) return { checkpoint: cp, cosignatures: v.cosignatures };
  }
  return null;
}

/** Whether the witnesses named in `cosigned` meet the policy's quorum (groups counted recursively; "none" always). */
function quorumMet(policy: WitnessPolicy, cosigned: ReadonlySet<string>): boolean {
  const met = (n: string): boolean => {
    if (n === 'none') return true;
    if (policy.witnesses.has(n)) return cosigned.has(n);
    const g = policy.groups.get(n)!;
    return g.members.filter(met).length >= g.threshold;
  };
  return met(policy.quorum);
}

/** The witness lines of a policy with their optional URLs (parseWitnessPolicy keeps keys only). */
export function policyWitnesses(text: string): PolicyWitness[] {
  const out: PolicyWitness[] = [];
  for (const raw of text.split('\n')) {
    const [keyword, name, vkey, url] = raw.trim().split(/[ \t]+/);
    if (keyword !== 'witness' || !name || !vkey) continue;
    if (url !== undefined && !/^https?:\/\/[^\s]+$/.test(url)) throw badInput(`Witness ${name}: "${url}" is not an http(s) URL.`);
    const key = parseVerifierKey(vkey);
    out.push({ name, key, verifierKey: formatVerifierKey(key), url: url ?? null });
  }
  return out;
}

/** The spec's submission prefix + "/add-checkpoint" (a URL already ending in it is kept). */
export function addCheckpointUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw badInput(`"${url}" is not a URL.`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw badInput(`"${url}" is not an http(s) URL.`);
  return u.pathname.endsWith('/add-checkpoint') ? u.toString() : `${u.toString().replace(/\/$/, '')}/add-checkpoint`;
}

async function boundedText(res: Response): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      throw badInput('The witness response is too large.');
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

export const checkpointSizeOf = (note: string): number => parseCheckpointText(parseNote(note).text).size;
