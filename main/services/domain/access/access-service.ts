/**
 * Accountable access to personal data (issue #18). Revealing a person's
 * data, disclosing their fields in an export and erasing them each need:
 *   - the workspace passphrase (the operator's secret),
 *   - a stated reason,
 *   - the approval of k of the n custodians configured for the workspace,
 *     each confirming with their own secret: their PIN opens their own
 *     signing key, which signs the approval statement (ECDSA P-256 over
 *     SHA-256 of the statement; kept in the access log, checkable against
 *     their certificate).
 * Every access and every refused attempt is anchored (access.viewed,
 * access.disclosed, access.erased or access.refused) naming the actor, the
 * person's identity record digest (the subject commitment), the commitments
 * of the fields concerned, the approvers and the SHA-256 of the reason; the
 * reason's text stays in the workspace's access log (it may name people), so
 * the ledger carries no personal data.
 */
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import type { Anchor, LedgerEntryType } from '../../../../shared/ledger/entry-types';
import type { IdentityService } from '../identity/identity-service';
import type { Vault } from '../identity/vault';
import type { PkiService } from '../pki/pki-service';
import type { Db } from '../../core/store/database';

export type AccessAction = 'reveal' | 'disclose' | 'erase';

/** One custodian's (or approver's) confirmation: who, and their own PIN. */
export interface Approval {
  personId: string;
  pin: string;
}

export interface AccessRequest {
  action: AccessAction;
  /** Who asks (an operator or staff id; not a person's name). */
  actor: string;
  personId: string;
  /** Fields concerned; all committed fields for a reveal or erasure. */
  fields?: string[];
  reason: string;
  approvals: Approval[];
  passphrase: string;
}

export interface AccessPolicy {
  custodians: string[];
  k: number;
  updatedAt: string | null;
}

export interface AccessLogEntry {
  id: number;
  at: string;
  action: string;
  outcome: 'granted' | 'refused';
  actor: string;
  personId: string;
  fields: string[];
  reason: string;
  approvers: { personId: string; certSerial: string; signature: string }[];
  detail: string | null;
  ledgerIndex: number;
}

export interface SignedApproval {
  personId: string;
  certSerial: string;
  /** DER ECDSA signature over SHA-256 of the statement, hex. */
  signature: string;
}

const MAX_REASON = 500;
const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

const ENTRY_OF: Record<AccessAction, LedgerEntryType> = { reveal: 'access.viewed', disclose: 'access.disclosed', erase: 'access.erased' };

/** Confirms with a person's own secret: their PIN opens their key, which signs `statement`. */
export function approveWithOwnKey(pki: PkiService, personId: string, pin: string, statement: string): SignedApproval {
  const at = Date.now();
  const cert = pki
    .certificatesOf(personId)
    .filter((c) => c.purpose === 'person' && !c.revokedAt && Date.parse(c.notBefore) <= at && at <= Date.parse(c.notAfter))
    .at(-1);
  if (!cert) throw new AffixError('REFUSED', `${personId} has no valid certificate, so cannot confirm with their own key.`);
  const key = createPrivateKey({ key: pki.privateKey(cert.serial, pin), format: 'der', type: 'pkcs8' });
  return { personId, certSerial: cert.serial, signature: sign('sha256', Buffer.from(statement, 'utf8'), { key, dsaEncoding: 'der' }).toString('hex') };
}

export class AccessService {
  constructor(
    private readonly db: Db,
    private readonly vault: Vault,
    private readonly ledger: Anchor,
    private readonly identity: IdentityService,
    private readonly pki: PkiService,
  ) {}

  policy(): AccessPolicy {
    const row = this.db
      .prepare<[], { custodians: string; k: number; updated_at: string }>('SELECT custodians, k, updated_at FROM access_policy WHERE id = 1')
      .get();
    return row ? { custodians: JSON.parse(row.custodians) as string[], k: row.k, updatedAt: row.updated_at } : { custodians: [], k: 0, updatedAt: null };
  }

  /**
   * Sets the custodians (k of n). The first setting needs the workspace
   * passphrase; changing an existing list also needs k of the current
   * custodians, so the operator cannot make themselves the only custodian.
   */
  setCustodians(input: { custodians: string[]; k: number; passphrase: string; approvals: Approval[]; actor: string }): AccessPolicy {
    const custodians = [...new Set(input.custodians)];
    if (custodians.length === 0) throw badInput('Name at least one custodian.');
    if (!Number.isInteger(input.k) || input.k < 1 || input.k > custodians.length)
      throw badInput(`k must be between 1 and the number of custodians (${custodians.length}).`);
    for (const c of custodians) {
      this.identity.requireActive(c);
      if (!this.pki.certificatesOf(c).some((x) => x.purpose === 'person' && !x.revokedAt))
        throw new AffixError('REFUSED', `Custodian ${c} needs a certificate of their own (affix pki issue … --pin-env) to confirm with their PIN.`);
    }
    this.vault.unlock(input.passphrase);
    const current = this.policy();
    const statement = `affix custodians/1\n${custodians.join(',')}\nk=${input.k}\nactor=${input.actor}`;
    const approvers = current.custodians.length > 0 ? this.approvals(current, input.approvals, statement) : [];
    const updatedAt = new Date().toISOString();
    this.db.transaction(() => {
      const receipt = this.ledger.append({
        type: 'access.custodians-set',
        subjects: [sha256(statement)],
        refs: { custodians: custodians.join(','), k: String(input.k), actor: input.actor, approvers: approvers.map((a) => a.personId).join(',') },
      });
      this.db
        .prepare(
          'INSERT INTO access_policy (id, custodians, k, updated_at, ledger_index) VALUES (1, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET custodians = excluded.custodians, k = excluded.k, updated_at = excluded.updated_at, ledger_index = excluded.ledger_index',
        )
        .run(JSON.stringify(custodians), input.k, updatedAt, receipt.index);
    })();
    return this.policy();
  }

  /** Checks k distinct custodians' confirmations of `statement`; a wrong PIN or a non-custodian is refused. */
  private approvals(policy: AccessPolicy, approvals: Approval[], statement: string, unlessNoCustodians = false): SignedApproval[] {
    if (policy.custodians.length === 0 && unlessNoCustodians) return [];
    if (policy.custodians.length === 0)
      throw new AffixError('REFUSED', 'No custodians are configured: set them first (Settings, or "affix access custodians --set P1,P2 --k 1").');
    const distinct = [...new Map(approvals.map((a) => [a.personId, a])).values()];
    const outsiders = distinct.filter((a) => !policy.custodians.includes(a.personId)).map((a) => a.personId);
    if (outsiders.length > 0)
      throw new AffixError(
        'REFUSED',
        `${outsiders.join(', ')} ${outsiders.length === 1 ? 'is' : 'are'} not a custodian (custodians: ${policy.custodians.join(', ')}).`,
      );
    if (distinct.length < policy.k) {
      throw new AffixError(
        'REFUSED',
        `This needs the approval of ${policy.k} of the custodians (${policy.custodians.join(', ')}), each with their own PIN; ${distinct.length} given.`,
      );
    }
    return distinct.map((a) => approveWithOwnKey(this.pki, a.personId, a.pin, statement));
  }

  /**
   * Authorises one access and anchors it, or anchors the refusal and throws.
   * Returns the ledger index of the access entry; the caller then performs
   * the access (the entry comes first, so no access goes unrecorded).
   */
  authorize(req: AccessRequest): { ledgerIndex: number; approvers: SignedApproval[] } {
    const reason = req.reason.trim();
    const actor = req.actor.trim();
    const person = this.identity.get(req.personId);
    const commitments = person.verification?.commitments ?? {};
    const fields = req.fields && req.fields.length > 0 ? req.fields : Object.keys(commitments);
    const base = {
      action: req.action,
      actor: actor || 'unknown',
      personId: req.personId,
      fields,
      reason,
      subject: person.verification?.recordSha256 ?? sha256(req.personId),
      commitments: fields.map((f) => commitments[f]).filter((c): c is string => !!c),
    };
    let approvers: SignedApproval[];
    try {
      if (actor.length === 0) throw badInput('Name who is asking (--actor ID).');
      if (reason.length === 0) throw badInput(`A ${req.action} of personal data needs a stated reason (--reason TEXT).`);
      if (reason.length > MAX_REASON) throw badInput(`The reason is longer than ${MAX_REASON} characters.`);
      this.vault.unlock(req.passphrase);
      const statement = `affix access/1\n${req.action}\n${req.personId}\n${fields.join(',')}\n${sha256(reason)}\nactor=${actor}`;
      // An erasure is never blocked for want of custodians (a person's right to erasure); it still needs the passphrase and a reason.
      approvers = this.approvals(this.policy(), req.approvals, statement, req.action === 'erase');
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      this.record({ ...base, outcome: 'refused', approvers: [], detail }, 'access.refused');
      throw error;
    }
    const ledgerIndex = this.record({ ...base, outcome: 'granted', approvers, detail: null }, ENTRY_OF[req.action]);
    return { ledgerIndex, approvers };
  }

  private record(
    e: {
      action: AccessAction;
      actor: string;
      personId: string;
      fields: string[];
      reason: string;
      subject: string;
      commitments: string[];
      outcome: 'granted' | 'refused';
      approvers: SignedApproval[];
      detail: string | null;
    },
    type: LedgerEntryType,
  ): number {
    return this.db.transaction(() => {
      const receipt = this.ledger.append({
        type,
        subjects: [e.subject],
        commitments: e.commitments,
        refs: {
          action: e.action,
          personId: e.personId,
          actor: e.actor,
          fields: e.fields.join(','),
          reasonSha256: sha256(e.reason),
          approvers: e.approvers.map((a) => a.personId).join(','),
        },
      });
      this.db
        .prepare(
          'INSERT INTO access_log (at, action, outcome, actor, person_id, fields, reason, approvers, detail, ledger_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          new Date().toISOString(),
          e.action,
          e.outcome,
          e.actor,
          e.personId,
          JSON.stringify(e.fields),
          e.reason,
          JSON.stringify(e.approvers),
          e.detail,
          receipt.index,
        );
      return receipt.index;
    })();
  }

  log(personId?: string): AccessLogEntry[] {
    type Row = {
      id: number;
      at: string;
      action: string;
      outcome: 'granted' | 'refused';
      actor: string;
      person_id: string;
      fields: string;
      reason: string;
      approvers: string;
      detail: string | null;
      ledger_index: number;
    };
    const rows = personId
      ? this.db.prepare<[string], Row>('SELECT * FROM access_log WHERE person_id = ? ORDER BY id').all(personId)
      : this.db.prepare<[], Row>('SELECT * FROM access_log ORDER BY id').all();
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      action: r.action,
      outcome: r.outcome,
      actor: r.actor,
      personId: r.person_id,
      fields: JSON.parse(r.fields) as string[],
      reason: r.reason,
      approvers: JSON.parse(r.approvers) as SignedApproval[],
      detail: r.detail,
      ledgerIndex: r.ledger_index,
    }));
  }
}
