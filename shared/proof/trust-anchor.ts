/**
 * Where a proof package's trust comes from. Everything in a package —
 * ledger key, CA certificates, witness policy — was written by its producer,
 * so a package made in any workspace that copies an organisation's names
 * verifies against its own policy. A verdict can only be PASSED when
 * something outside the package vouches for it:
 *   - a trust policy the verifier obtained independently (`--trust-policy`),
 *   - witness keys the verifier pinned (`--witness-key`, k of them with
 *     `--witness-quorum`): a court that runs a witness trusts any checkpoint
 *     it cosigned itself (c2sp.org/tlog-cosignature: "as of this time, the
 *     largest consistent tree head I observed for this origin has this root";
 *     the witness only cosigns checkpoints signed by the log key it pinned),
 *   - the verifying workspace's own pins (its own ledger node key, its own
 *     witness key).
 * Otherwise the `trust` check is INDETERMINATE: "trust not established: the
 * package's own policy was used". Every verdict names the witnesses whose
 * cosignatures on the checkpoint verify.
 */
import { bytesEqual } from '../ledger/bytes';
import { parseCheckpointText, type Checkpoint } from '../ledger/checkpoint';
import { verifyCosignature } from '../ledger/cosignature';
import { formatVerifierKey, parseNote, parseVerifierKey, SIG_COSIGNATURE_V1, type Note, type VerifierKey } from '../ledger/note';
import { parseWitnessPolicy } from '../ledger/witness-policy';
import type { Evidence, TrustPolicy } from './evidence';
import { message, type Message } from '../i18n';
import { checkOf, type Check, type Verdict } from './proof-report';

export interface IndependentTrust {
  /** A trust policy the verifier supplied (not the package's). */
  suppliedPolicy?: TrustPolicy;
  /** Witness verifier keys the verifier pinned. */
  witnessKeys?: readonly VerifierKey[];
  /** How many pinned witnesses must have cosigned (default 1). */
  witnessQuorum?: number;
  /** Ledger verifier keys the verifying workspace trusts as its own (its node key). */
  pinnedLedgerKeys?: readonly string[];
  /**
   * Certificates (PEM or DER) the verifier trusts itself — its `--trust`
   * files, its workspace's CAs — besides a supplied policy's: the roots a
   * checkpoint time-stamp's authority must chain to. The package's own
   * policy never vouches for a time-stamping authority.
   */
  trustAnchors?: readonly Uint8Array[];
}

/** Parses `--witness-key` texts; throws BAD_INPUT for a malformed one. */
export const parseWitnessKeys = (texts: readonly string[]): VerifierKey[] => texts.map((t) => parseVerifierKey(t));

/** Every witness key this verifier knows of, named, for reporting who cosigned. */
function knownWitnesses(evidence: Evidence, t: IndependentTrust): { name: string; key: VerifierKey; pinned: boolean }[] {
  const out: { name: string; key: VerifierKey; pinned: boolean }[] = [];
  const add = (name: string, key: VerifierKey, pinned: boolean): void => {
    const same = out.find((o) => o.key.name === key.name && bytesEqual(o.key.keyId, key.keyId) && bytesEqual(o.key.publicKey, key.publicKey));
    if (same) same.pinned ||= pinned;
    else out.push({ name, key, pinned });
  };
  for (const k of t.witnessKeys ?? []) add(k.name, k, true);
  for (const p of [t.suppliedPolicy, evidence.trustPolicy]) {
    if (!p?.witnessPolicy) continue;
    try {
      for (const [name, key] of parseWitnessPolicy(p.witnessPolicy).witnesses) add(`${name} (${key.name})`, key, p === t.suppliedPolicy);
    } catch {
      // A malformed policy is reported by the checkpoint check.
    }
  }
  return out;
}

/** The named witnesses whose cosignatures on the note verify, with their times. */
async function cosigners(
  note: Note,
  known: { name: string; key: VerifierKey; pinned: boolean }[],
): Promise<{ name: string; pinned: boolean; timestamp: number; key: VerifierKey }[]> {
  const out: { name: string; pinned: boolean; timestamp: number; key: VerifierKey }[] = [];
  for (const w of known) {
    if (w.key.type !== SIG_COSIGNATURE_V1) continue;
    for (const s of note.signatures) {
      if (s.name !== w.key.name || !bytesEqual(s.keyId, w.key.keyId)) continue;
      const t = await verifyCosignature(note.text, s, w.key);
      if (t !== null && t > 0) {
        out.push({ name: w.name, pinned: w.pinned, timestamp: t, key: w.key });
        break;
      }
    }
  }
  return out;
}

/**
 * `consistencyHolds`: the package's consistency check passed, i.e. its
 * checkpoint extends `evidence.consistency.oldCheckpoint` (RFC 9162 §2.1.4),
 * signed by the same log key.
 */
export async function checkTrust(evidence: Evidence, t: IndependentTrust, consistencyHolds = false): Promise<Check> {
  const note = parseNoteOrNull(evidence.checkpoint.note);
  const known = knownWitnesses(evidence, t);
  const signed = note ? await cosigners(note, known) : [];
  const when = (ts: number): string => new Date(ts * 1000).toISOString();
  const named = signed.map((s) => `${s.name} ${when(s.timestamp)}${s.pinned ? ' ✓' : ''}`);
  const unknown = note ? note.signatures.filter((s) => s.name !== evidence.ledger.origin && !signed.some((c) => c.key.name === s.name)).map((s) => s.name) : [];
  const cosigned = message(unknown.length ? 'proofCheck.msg.cosignedOthers' : 'proofCheck.msg.cosigned', {
    names: named.join('; ') || '—',
    others: [...new Set(unknown)].join(', '),
  });
  const done = (verdict: Verdict, first: Message): Check => checkOf('trust', verdict, [first, cosigned]);

  if (t.suppliedPolicy) return done('passed', message('proofCheck.msg.trustSupplied', { key: t.suppliedPolicy.ledgerKey.trim() }));
  const ledgerKey = evidence.trustPolicy.ledgerKey.trim();
  if ((t.pinnedLedgerKeys ?? []).some((k) => sameKey(k, ledgerKey))) return done('passed', message('proofCheck.msg.trustOwnNode', { key: ledgerKey }));
  const pinned = t.witnessKeys ?? [];
  if (pinned.length > 0) {
    const quorum = t.witnessQuorum ?? 1;
    const have = signed.filter((s) => s.pinned);
    if (have.length >= quorum)
      return done(
        'passed',
        message('proofCheck.msg.trustWitnesses', { have: have.length, quorum, pinned: pinned.length, names: have.map((h) => h.name).join(', ') }),
      );
    const prefix = consistencyHolds ? await witnessedPrefix(evidence, known, quorum) : null;
    if (prefix)
      return done(
        'passed',
        message('proofCheck.msg.trustWitnessedPrefix', {
          have: prefix.names.length,
          quorum,
          pinned: pinned.length,
          names: prefix.names.join(', '),
          size: prefix.size,
          index: prefix.exportIndex,
        }),
      );
    return done(
      'indeterminate',
      message('proofCheck.msg.trustTooFewWitnesses', {
        have: have.length,
        quorum,
        pinned: pinned.length,
        names: pinned.map((k) => formatVerifierKey(k).split('+')[0]).join(', '),
      }),
    );
  }
  return done('indeterminate', message('proofCheck.msg.trustNotEstablished'));
}

/**
 * A witness reached only by carried files cosigns a checkpoint before the
 * export record is appended, never the export's own (c2sp.org/tlog-witness
 * has no way to reach it then). Its cosignature still vouches for the trail
 * when the package's consistency proof starts from that cosigned checkpoint
 * and every listed event but the last — the export record itself, checked
 * by the audit-trail check — lies inside it: the proof shows the cosigned
 * tree is a prefix of the package's, so those leaves are the ones the
 * witness saw. Returns the pinned cosigners when they meet the quorum.
 */
async function witnessedPrefix(
  evidence: Evidence,
  known: { name: string; key: VerifierKey; pinned: boolean }[],
  quorum: number,
): Promise<{ names: string[]; size: number; exportIndex: number } | null> {
  const old = evidence.consistency ? parseNoteOrNull(evidence.consistency.oldCheckpoint) : null;
  if (!old) return null;
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpointText(old.text);
  } catch {
    return null; // the consistency check reports it
  }
  if (checkpoint.origin !== evidence.ledger.origin) return null;
  const last = evidence.events.at(-1);
  if (!last || last.type !== 'access.exported') return null;
  if (evidence.events.slice(0, -1).some((e) => e.index >= checkpoint.size)) return null;
  const have = (await cosigners(old, known)).filter((s) => s.pinned);
  return have.length >= quorum ? { names: have.map((h) => h.name), size: checkpoint.size, exportIndex: last.index } : null;
}

function parseNoteOrNull(text: string): Note | null {
  try {
    return parseNote(text);
  } catch {
    return null; // the checkpoint check reports a malformed note
  }
}

function sameKey(a: string, b: string): boolean {
  try {
    const x = parseVerifierKey(a);
    const y = parseVerifierKey(b);
    return x.name === y.name && x.type === y.type && bytesEqual(x.publicKey, y.publicKey);
  } catch {
    return false;
  }
}
