/**
 * The witness role of c2sp.org/tlog-witness: for each log it was told to
 * witness (origin + pinned log key) it remembers the newest checkpoint it
 * cosigned, and cosigns a new one only when it is signed by the log key and
 * proven (RFC 6962 consistency proof) to extend that one. The check and the
 * update happen in one IMMEDIATE transaction, committed with
 * synchronous=FULL before any cosignature is returned (the spec's "MUST
 * persist … atomically"), so after any crash the witness has never vouched
 * for two inconsistent tree heads of one log. Requests that arrive together
 * share one transaction (group commit): one fsync for the batch.
 *
 * Answers follow the spec: 200 cosignature lines; 400 malformed or old size
 * above the checkpoint's; 403 no valid signature by the pinned log key; 404
 * unknown origin; 409 old size is not the size it last cosigned (body: that
 * size, text/x.tlog.size); 422 the proof does not verify, or same size with
 * another root. A validly signed checkpoint refused as inconsistent is kept
 * verbatim as evidence (witness_refusals), flagged as equivocation when it
 * contradicts a root the witness cosigned for the same size.
 */
import { AffixError, badInput, isAffixError } from '../../../../shared/errors/affix-error';
import { bytesEqual, toBase64, toHex, utf8 } from '../../../../shared/ledger/bytes';
import { parseCheckpointText, type Checkpoint } from '../../../../shared/ledger/checkpoint';
import { emptyRoot, verifyConsistency } from '../../../../shared/ledger/merkle';
import { formatVerifierKey, parseNote, parseVerifierKey, signsWith, SIG_ED25519, type VerifierKey } from '../../../../shared/ledger/note';
import {
  formatCosignatureResponse,
  formatTlogSize,
  MAX_WITNESS_REQUEST_BYTES,
  parseAddCheckpointRequest,
  TLOG_SIZE_CONTENT_TYPE,
  type AddCheckpointRequest,
} from '../../../../shared/ledger/tlog-witness';
import { hashChildren as nativeHashChildren } from '../../domain/ledger/node-hashing';
import type { UnattendedSealing } from '../../core/secrets/unattended-key';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../core/store/database';
import { GroupCommit } from '../../core/store/group-commit';
import type { Workspace } from '../../core/workspace/workspace';
import { createWitnessKey, ed25519VerifyNative, loadWitnessSigner, readWitnessKey, type WitnessSigner } from './witness-key';

/**
 * What an answer means, for words in any language (the reason is English, for
 * logs and the CLI): cosigned; malformed request (400); no valid signature by
 * the pinned log key (403); a log this witness does not witness (404); a stale
 * old size (409); a second root for a size already cosigned (equivocation); a
 * tree that does not extend the cosigned one (fork, rebuilt log); a proof
 * that is malformed for the sizes (invalid-proof); state not recorded (500).
 */
export const WITNESS_ANSWER_KINDS = [
  'cosigned',
  'malformed',
  'bad-signature',
  'unknown-log',
  'stale',
  'equivocation',
  'fork',
  'invalid-proof',
  'unrecorded',
] as const;
export type WitnessAnswerKind = (typeof WITNESS_ANSWER_KINDS)[number];

export interface WitnessAnswer {
  status: 200 | 400 | 403 | 404 | 409 | 422 | 500;
  kind: WitnessAnswerKind;
  body: string;
  contentType: string;
  /** Why it was refused (for logs and the CLI); empty for 200. */
  reason: string;
  origin?: string;
  size?: number;
}

export interface WitnessedLog {
  origin: string;
  logKey: string;
  size: number;
  rootHash: string | null;
  updatedAt: string | null;
  refusals: number;
}

export interface WitnessRefusal {
  origin: string;
  status: number;
  /** Null for refusals recorded before kinds were kept. */
  kind: WitnessAnswerKind | null;
  reason: string;
  size: number;
  equivocation: boolean;
  note: string;
  at: string;
}

interface LogRow {
  origin: string;
  log_key: string;
  size: number;
  root: Buffer | null;
}

/** After parsing and the log-signature check, what the transaction still has to decide on. */
interface Checked {
  req: AddCheckpointRequest;
  cp: Checkpoint;
  text: string;
  logKey: VerifierKey;
}

interface HotStatements {
  db: Db;
  row: Statement<[string], LogRow>;
  earlier: Statement<[string, number], Buffer>;
  update: Statement<[number, Uint8Array, string, string, string]>;
  history: Statement<[string, number, Uint8Array, string]>;
}

const MAX_REFUSALS_PER_ORIGIN = 10_000;
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
const PLAIN = 'text/plain; charset=utf-8';
const answer = (status: WitnessAnswer['status'], kind: WitnessAnswerKind, reason: string, extra: Partial<WitnessAnswer> = {}): WitnessAnswer => ({
  status,
  kind,
  body: `${reason}\n`,
  contentType: PLAIN,
  reason,
  ...extra,
});

export class WitnessService {
  private signerCache: WitnessSigner | null = null;
  /**
   * Parsed log keys by origin: parsing one (key ID check) costs more than
   * verifying a signature, and reading it back costs a query per request. A
   * pinned log's key never changes (addLog refuses a swap, nothing unpins a
   * log), so a cached key stays right; an origin not cached is looked up
   * every time, since another process may pin it meanwhile.
   */
  private readonly logKeys = new Map<string, VerifierKey>();
  private hot: HotStatements | null = null;

  constructor(
    private readonly ws: Workspace,
    private readonly sealing: UnattendedSealing,
    private readonly now: () => Date = () => new Date(),
  ) {}

  // ── setup ───────────────────────────────────────────────────────────────

  init(name: string): { verifierKey: string; name: string } {
    const key = createWitnessKey(this.ws.home, name, this.sealing);
    return { name: key.name, verifierKey: formatVerifierKey(key) };
  }

  /** The witness's verifier key (type 0x04), or null when this workspace runs no witness. */
  key(): VerifierKey | null {
    return readWitnessKey(this.ws.home);
  }

  /** A group committer on this witness's database, for a server answering many requests at once. */
  openGroupCommit(): GroupCommit {
    return new GroupCommit(this.ws.db);
  }

  private signer(): WitnessSigner {
    this.signerCache ??= loadWitnessSigner(this.ws.home, this.sealing);
    return this.signerCache;
  }

  /** Pins a log to witness: its origin and Ed25519 checkpoint key. Re-adding the same pair is a no-op. */
  addLog(origin: string, logKeyText: string): WitnessedLog {
    if (!this.key()) throw new AffixError('NOT_INITIALISED', 'This workspace runs no witness yet: create the witness key first.');
    const key = parseVerifierKey(logKeyText);
    if (key.type !== SIG_ED25519) throw badInput('A log key must be an Ed25519 (type 0x01) verifier key, e.g. from "affix ledger pubkey".');
    if (origin.length === 0 || origin.length > 1024 || /[\n\r]/.test(origin)) throw badInput('The origin must be one non-empty line.');
    const formatted = formatVerifierKey(key);
    const existing = this.row(origin);
    if (existing && existing.log_key !== formatted) {
      throw new AffixError(
        'CONFLICT',
        `This witness already witnesses "${origin}" under another key; a log's key cannot be swapped (that is what a rebuilt log would ask for).`,
      );
    }
    if (!existing) {
      this.ws.db
        .prepare('INSERT INTO witness_logs (origin, log_key, size, root, note, added_at) VALUES (?, ?, 0, NULL, NULL, ?)')
        .run(origin, formatted, this.now().toISOString());
    }
    return this.list().logs.find((l) => l.origin === origin)!;
  }

  list(): { witness: string | null; logs: WitnessedLog[]; refusals: WitnessRefusal[] } {
    const key = this.key();
    const logs = this.ws.db
      .prepare<[], LogRow & { updated_at: string | null; refusals: number }>(
        'SELECT l.origin, l.log_key, l.size, l.root, l.updated_at, (SELECT COUNT(*) FROM witness_refusals r WHERE r.origin = l.origin) AS refusals FROM witness_logs l ORDER BY l.origin',
      )
      .all()
      .map((r) => ({
        origin: r.origin,
        logKey: r.log_key,
        size: r.size,
        rootHash: r.root ? toBase64(new Uint8Array(r.root)) : null,
        updatedAt: r.updated_at,
        refusals: r.refusals,
      }));
    const refusals = this.ws.db
      .prepare<[], { origin: string; status: number; kind: string | null; reason: string; size: number; equivocation: number; note: string; at: string }>(
        'SELECT origin, status, kind, reason, size, equivocation, note, at FROM witness_refusals ORDER BY id DESC LIMIT 100',
      )
      .all()
      .map((r) => ({ ...r, kind: answerKind(r.kind), equivocation: r.equivocation === 1 }));
    return { witness: key ? formatVerifierKey(key) : null, logs, refusals };
  }

  /** The statements of every request, prepared once per connection (preparing costs more than running them). */
  private statements(): HotStatements {
    const db = this.ws.db;
    if (this.hot?.db !== db) {
      // Another database (a reopened workspace): keys cached from the old one are not vouched for by this one.
      this.logKeys.clear();
      this.hot = {
        db,
        row: db.prepare<[string], LogRow>('SELECT origin, log_key, size, root FROM witness_logs WHERE origin = ?'),
        earlier: db.prepare<[string, number], Buffer>('SELECT root FROM witness_history WHERE origin = ? AND size = ?').pluck(),
        update: db.prepare<[number, Uint8Array, string, string, string]>(
          'UPDATE witness_logs SET size = ?, root = ?, note = ?, updated_at = ? WHERE origin = ?',
        ),
        history: db.prepare<[string, number, Uint8Array, string]>(
          'INSERT OR IGNORE INTO witness_history (origin, size, root, cosigned_at) VALUES (?, ?, ?, ?)',
        ),
      };
    }
    return this.hot;
  }

  private row(origin: string): LogRow | undefined {
    return this.statements().row.get(origin);
  }

  // ── add-checkpoint ──────────────────────────────────────────────────────

  /** One add-checkpoint request body → the answer (never throws for bad input). */
  addCheckpoint(body: string | Uint8Array): WitnessAnswer {
    return this.addCheckpoints([body])[0];
  }

  /**
   * Several request bodies → their answers, in order, decided and recorded in
   * one transaction (one durable commit, synchronous=FULL), then returned. A
   * later request in the batch sees the state left by the earlier ones,
   * exactly as if they had arrived one at a time.
   */
  addCheckpoints(bodies: readonly (string | Uint8Array)[]): WitnessAnswer[] {
    const batch = this.batch(bodies);
    if (batch.decide) {
      try {
        this.ws.db.transaction(batch.decide).immediate();
      } catch (error) {
        batch.failed(error);
      }
    }
    return batch.answers;
  }

  /**
   * The same decisions as addCheckpoints, committed through `commits` (group
   * commit, fsync off the event loop): the answers are handed back only once
   * the state they were decided on is on disk, so the next batch can be
   * decided while this one's fsync runs.
   */
  async addCheckpointsGrouped(bodies: readonly (string | Uint8Array)[], commits: GroupCommit): Promise<WitnessAnswer[]> {
    const batch = this.batch(bodies);
    if (batch.decide) {
      try {
        await commits.commit(batch.decide);
      } catch (error) {
        batch.failed(error);
      }
    }
    return batch.answers;
  }

  /**
   * Prechecks every body (no state needed); what passes is left to `decide`,
   * to be run in one IMMEDIATE transaction. `answers` is complete once
   * `decide` has run or `failed` was called.
   */
  private batch(bodies: readonly (string | Uint8Array)[]): { answers: WitnessAnswer[]; decide: (() => void) | null; failed(error: unknown): void } {
    const signer = this.signer();
    const answers: (WitnessAnswer | null)[] = [];
    const checked: (Checked | null)[] = bodies.map((b, i) => {
      const c = this.precheck(b);
      if ('status' in c) {
        answers[i] = c;
        return null;
      }
      answers[i] = null;
      return c;
    });
    const result = answers as WitnessAnswer[];
    if (!checked.some((c) => c !== null)) return { answers: result, decide: null, failed: () => undefined };
    const timestamp = Math.max(1, Math.floor(this.now().getTime() / 1000));
    const at = this.now().toISOString();
    return {
      answers: result,
      decide: () => {
        checked.forEach((c, i) => {
          if (c) answers[i] = this.decideLocked(c, signer, timestamp, at);
        });
      },
      failed: (error: unknown) => {
        // Nothing was recorded durably, so nothing decided may be released.
        const reason = `The witness could not record its state: ${(error as Error).message}`;
        checked.forEach((c, i) => {
          if (c) answers[i] = answer(500, 'unrecorded', reason);
        });
      },
    };
  }

  /** Parsing and the log signature: everything that needs no state. */
  private precheck(body: string | Uint8Array): Checked | WitnessAnswer {
    let text: string;
    if (typeof body === 'string') text = body;
    else {
      if (body.length > MAX_WITNESS_REQUEST_BYTES) return answer(400, 'malformed', 'The request body is too large.');
      try {
        text = STRICT_UTF8.decode(body);
      } catch {
        return answer(400, 'malformed', 'The request body is not UTF-8.');
      }
    }
    let req: AddCheckpointRequest;
    let cp: Checkpoint;
    let note;
    try {
      req = parseAddCheckpointRequest(text);
      note = parseNote(req.checkpoint);
      cp = parseCheckpointText(note.text);
    } catch (error) {
      return answer(400, 'malformed', isAffixError(error) ? error.message : 'Malformed request.');
    }
    const sql = this.statements(); // first: it drops cached keys when the database changed
    let logKey = this.logKeys.get(cp.origin);
    if (!logKey) {
      const row = sql.row.get(cp.origin);
      if (!row) return answer(404, 'unknown-log', `This witness does not witness the log "${printable(cp.origin)}".`, { origin: cp.origin });
      logKey = parseVerifierKey(row.log_key);
      if (this.logKeys.size > 10_000) this.logKeys.clear();
      this.logKeys.set(cp.origin, logKey);
    }
    const mine = note.signatures.filter((s) => signsWith(s, logKey));
    if (mine.length === 0) return answer(403, 'bad-signature', `The checkpoint carries no signature by the log key ${logKey.name}.`, { origin: cp.origin });
    const message = utf8(note.text);
    for (const s of mine) {
      if (!ed25519VerifyNative(s.signature, message, logKey.publicKey))
        return answer(403, 'bad-signature', `The signature by the log key ${logKey.name} does not verify.`, { origin: cp.origin });
    }
    if (req.oldSize > cp.size)
      return answer(400, 'malformed', `old size ${req.oldSize} is larger than the checkpoint's size ${cp.size}.`, { origin: cp.origin, size: cp.size });
    return { req, cp, text: note.text, logKey };
  }

  private decideLocked(c: Checked, signer: WitnessSigner, timestamp: number, at: string): WitnessAnswer {
    const { req, cp } = c;
    const row = this.row(cp.origin);
    if (!row) return answer(404, 'unknown-log', `This witness does not witness the log "${printable(cp.origin)}".`);
    const stored = row.root ? new Uint8Array(row.root) : null;
    const sql = this.statements();
    const earlier = sql.earlier.get(cp.origin, cp.size);
    const contradicts = earlier !== undefined && !bytesEqual(new Uint8Array(earlier), cp.rootHash);
    const refuse = (status: 409 | 422, given: WitnessAnswerKind, reason: string, extra: Partial<WitnessAnswer> = {}): WitnessAnswer => {
      // A root that contradicts one this witness cosigned for the size is equivocation, however the request was phrased.
      const kind = contradicts ? 'equivocation' : given;
      // A stale old size is not misbehaviour (the log just did not know our state), unless the root contradicts ours.
      if (status === 422 || contradicts) this.keepEvidence(cp, req.checkpoint, status, kind, reason, contradicts, at);
      return answer(status, kind, reason, { origin: cp.origin, size: cp.size, ...extra });
    };
    if (req.oldSize !== row.size) {
      return refuse(409, 'stale', `old size ${req.oldSize} is not ${row.size}, the size this witness last cosigned for ${cp.origin}`, {
        body: formatTlogSize(row.size),
        contentType: TLOG_SIZE_CONTENT_TYPE,
      });
    }
    if (cp.size === 0 && !bytesEqual(cp.rootHash, emptyRoot())) return refuse(422, 'invalid-proof', 'A checkpoint of size 0 must carry the empty tree root.');
    if (req.oldSize === 0 && req.proof.length > 0) return refuse(422, 'invalid-proof', 'With old size 0 the consistency proof must be empty.');
    if (contradicts)
      return refuse(
        422,
        'equivocation',
        `Equivocation: this witness cosigned size ${cp.size} of ${cp.origin} with another root (${toBase64(new Uint8Array(earlier!))}).`,
      );
    if (req.oldSize > 0) {
      if (!stored) return refuse(422, 'invalid-proof', 'The witness has no root recorded for the old size.');
      if (req.oldSize === cp.size) {
        if (!bytesEqual(stored, cp.rootHash))
          return refuse(
            422,
            'equivocation',
            `Equivocation: size ${cp.size} was cosigned with root ${toBase64(stored)}, this checkpoint has ${toBase64(cp.rootHash)}.`,
          );
        if (req.proof.length > 0) return refuse(422, 'invalid-proof', 'Same size as before: the consistency proof must be empty.');
      } else if (!verifyConsistency(req.oldSize, cp.size, req.proof, stored, cp.rootHash, nativeHashChildren)) {
        return refuse(
          422,
          'fork',
          `The consistency proof from size ${req.oldSize} to ${cp.size} does not verify: this tree does not extend the one this witness cosigned (a fork or a rebuilt log).`,
        );
      }
    }
    sql.update.run(cp.size, cp.rootHash, req.checkpoint, at, cp.origin);
    sql.history.run(cp.origin, cp.size, cp.rootHash, at);
    const line = signer.cosign(c.text, timestamp);
    return { status: 200, kind: 'cosigned', body: formatCosignatureResponse([line]), contentType: PLAIN, reason: '', origin: cp.origin, size: cp.size };
  }

  private keepEvidence(cp: Checkpoint, note: string, status: number, kind: WitnessAnswerKind, reason: string, equivocation: boolean, at: string): void {
    const count = this.ws.db.prepare<[string], number>('SELECT COUNT(*) FROM witness_refusals WHERE origin = ?').pluck().get(cp.origin) ?? 0;
    // Bounded: a log key holder could otherwise fill the disk; equivocations are always kept.
    if (!equivocation && count >= MAX_REFUSALS_PER_ORIGIN) return;
    this.ws.db
      .prepare('INSERT INTO witness_refusals (origin, status, kind, reason, size, equivocation, note, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(cp.origin, status, kind, reason, cp.size, equivocation ? 1 : 0, note, at);
  }

  /** Every (size, root) cosigned for an origin, oldest first (tests and audits). */
  history(origin: string): { size: number; rootHash: string }[] {
    return this.ws.db
      .prepare<[string], { size: number; root: Buffer }>('SELECT size, root FROM witness_history WHERE origin = ? ORDER BY size')
      .all(origin)
      .map((r) => ({ size: r.size, rootHash: toHex(new Uint8Array(r.root)) }));
  }
}

const answerKind = (k: string | null): WitnessAnswerKind | null =>
  (WITNESS_ANSWER_KINDS as readonly string[]).includes(k ?? '') ? (k as WitnessAnswerKind) : null;

/** Strings from requests reach terminals and logs: keep them printable and short. */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?');
  return clean.length > 120 ? `${clean.slice(0, 117)}…` : clean;
}

/** What a request's answer says, for the CLI and the window alike: its status and kind, and with 409 the size this witness holds. */
export interface AnswerView {
  status: WitnessAnswer['status'];
  kind: WitnessAnswerKind;
  reason: string;
  origin: string | null;
  size: number | null;
  /** With 409: the size this witness last cosigned, which the next request must start from. */
  currentSize: number | null;
}

export function answerView(a: WitnessAnswer): AnswerView {
  return {
    status: a.status,
    kind: a.kind,
    reason: a.reason,
    origin: a.origin ?? null,
    size: a.size ?? null,
    currentSize: a.status === 409 && a.contentType.startsWith(TLOG_SIZE_CONTENT_TYPE) ? Number(a.body.trim()) : null,
  };
}
