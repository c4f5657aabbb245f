/**
 * Seal-use approval (issue #18): a seal can require k of n named approvers
 * (e.g. the legal representative for the official seal) to confirm each use.
 *
 *   rule     seal.approval-set    who may approve, and how many must
 *   request  seal.use-requested   seal, person using it, document version digest
 *   approve  seal.use-approved    one approver's signature over the request,
 *                                 made with their own key (their PIN opens it)
 *   use      seal.used            consumes one fully approved request for that
 *                                 document; names the request and approvers
 *
 * Request and approval entries name the document digest among their subjects,
 * so a proof export of the document carries them (and thus the approvers)
 * with their inclusion proofs. No personal data: ids and digests only.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import { approveWithOwnKey } from '../access/access-service';
import type { Workspace } from '../../core/workspace/workspace';
import type { SealService } from './seal-service';
import type { IdentityService } from '../identity/identity-service';
import type { PkiService } from '../pki/pki-service';
import type { Vault } from '../identity/vault';
import type { LedgerService } from '../ledger/ledger-service';
import type { DocumentsService } from '../documents/documents-service';
import type { SealView } from './seal-service';

/** What approvals need: the services below them, never the container. */
export interface SealApprovalDeps {
  readonly workspace: Workspace;
  readonly seals: SealService;
  readonly identity: IdentityService;
  readonly pki: PkiService;
  readonly vault: Vault;
  readonly ledger: LedgerService;
  readonly documents: DocumentsService;
}
type Deps = SealApprovalDeps;

export interface ApprovalRule {
  sealId: string;
  approvers: string[];
  k: number;
  setAt: string;
}

export interface UseRequest {
  id: string;
  sealId: string;
  personId: string;
  documentSha256: string;
  requestedAt: string;
  ledgerIndex: number;
  usedAt: string | null;
  approvals: { approverId: string; certSerial: string; signature: string; approvedAt: string; ledgerIndex: number }[];
  /** How many approvals the seal's rule asks for. */
  required: number;
}

const statementOf = (r: { id: string; sealId: string; personId: string; documentSha256: string }): string =>
  `affix seal-use/1\n${r.id}\n${r.sealId}\n${r.personId}\n${r.documentSha256}`;

export class SealApprovals {
  constructor(private readonly s: Deps) {}

  rule(sealId: string): ApprovalRule | null {
    const row = this.s.workspace.db
      .prepare<[string], { approvers: string; k: number; set_at: string }>('SELECT approvers, k, set_at FROM seal_approval_rules WHERE seal_id = ?')
      .get(sealId);
    return row ? { sealId, approvers: JSON.parse(row.approvers) as string[], k: row.k, setAt: row.set_at } : null;
  }

  requireApproval(input: { sealId: string; approvers: string[]; k: number; passphrase: string }): ApprovalRule {
    const seal = this.s.seals.get(input.sealId);
    const approvers = [...new Set(input.approvers)];
    if (approvers.length === 0) throw badInput('Name at least one approver (--approvers P1,P2).');
    if (!Number.isInteger(input.k) || input.k < 1 || input.k > approvers.length)
      throw badInput(`k must be between 1 and the number of approvers (${approvers.length}).`);
    for (const a of approvers) {
      this.s.identity.requireActive(a);
      if (!this.s.pki.certificatesOf(a).some((c) => c.purpose === 'person' && !c.revokedAt)) {
        throw new AffixError('REFUSED', `Approver ${a} needs a certificate of their own (affix pki issue … --pin-env) to approve with their PIN.`);
      }
    }
    this.s.vault.unlock(input.passphrase);
    const setAt = new Date().toISOString();
    this.s.workspace.db.transaction(() => {
      const receipt = this.s.ledger.append({
        type: 'seal.approval-set',
        subjects: [seal.recordSha256],
        refs: { sealId: seal.sealId, approvers: approvers.join(','), k: String(input.k) },
      });
      this.s.workspace.db
        .prepare(
          'INSERT INTO seal_approval_rules (seal_id, approvers, k, set_at, ledger_index) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET approvers = excluded.approvers, k = excluded.k, set_at = excluded.set_at, ledger_index = excluded.ledger_index',
        )
        .run(seal.sealId, JSON.stringify(approvers), input.k, setAt, receipt.index);
    })();
    return this.rule(seal.sealId)!;
  }

  /** A workspace document id (its newest version) or a PDF file: the digest of what will be sealed. */
  private documentSha256(ref: string): string {
    if (existsSync(ref)) return createHash('sha256').update(readFileSync(ref)).digest('hex');
    if (/^[0-9a-f]{64}$/.test(ref)) return ref;
    return this.s.documents.get(ref).currentSha256;
  }

  request(input: { sealId: string; personId: string; document: string }): UseRequest {
    const seal = this.s.seals.get(input.sealId);
    if (!this.rule(seal.sealId)) throw new AffixError('CONFLICT', `Seal ${seal.sealId} needs no approval; sign with it directly.`);
    const refused = this.s.seals.refusal(seal, input.personId, this.s.seals.now());
    if (refused) throw new AffixError('REFUSED', `Use of seal “${seal.name}” cannot be requested: ${refused.reason}. ${refused.remedy}`);
    const documentSha256 = this.documentSha256(input.document);
    const id = `sealreq-${randomUUID()}`;
    const requestedAt = new Date().toISOString();
    this.s.workspace.db.transaction(() => {
      const receipt = this.s.ledger.append({
        type: 'seal.use-requested',
        subjects: [documentSha256, seal.recordSha256],
        refs: { requestId: id, sealId: seal.sealId, personId: input.personId },
      });
      this.s.workspace.db
        .prepare('INSERT INTO seal_use_requests (id, seal_id, person_id, document_sha256, requested_at, ledger_index) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, seal.sealId, input.personId, documentSha256, requestedAt, receipt.index);
    })();
    return this.get(id);
  }

  approve(input: { requestId: string; approverId: string; pin: string; passphrase: string }): UseRequest {
    const req = this.get(input.requestId);
    if (req.usedAt) throw new AffixError('CONFLICT', `Request ${req.id} was already used on ${req.usedAt}.`);
    const rule = this.rule(req.sealId);
    if (!rule || !rule.approvers.includes(input.approverId)) {
      throw new AffixError(
        'REFUSED',
        `${input.approverId} is not an approver of seal ${req.sealId}${rule ? ` (approvers: ${rule.approvers.join(', ')})` : ''}.`,
      );
    }
    if (req.approvals.some((a) => a.approverId === input.approverId))
      throw new AffixError('CONFLICT', `${input.approverId} already approved request ${req.id}.`);
    this.s.vault.unlock(input.passphrase);
    const signed = approveWithOwnKey(this.s.pki, input.approverId, input.pin, statementOf(req));
    const seal = this.s.seals.get(req.sealId);
    this.s.workspace.db.transaction(() => {
      const receipt = this.s.ledger.append({
        type: 'seal.use-approved',
        subjects: [req.documentSha256, seal.recordSha256],
        actorKeyId: signed.certSerial,
        refs: { requestId: req.id, sealId: req.sealId, approver: input.approverId, signature: signed.signature },
      });
      this.s.workspace.db
        .prepare('INSERT INTO seal_use_approvals (request_id, approver_id, cert_serial, signature, approved_at, ledger_index) VALUES (?, ?, ?, ?, ?, ?)')
        .run(req.id, input.approverId, signed.certSerial, signed.signature, new Date().toISOString(), receipt.index);
    })();
    return this.get(req.id);
  }

  get(requestId: string): UseRequest {
    type Row = { id: string; seal_id: string; person_id: string; document_sha256: string; requested_at: string; ledger_index: number; used_at: string | null };
    const r = this.s.workspace.db.prepare<[string], Row>('SELECT * FROM seal_use_requests WHERE id = ?').get(requestId);
    if (!r) throw new AffixError('NOT_FOUND', `No seal-use request ${requestId}.`);
    const approvals = this.s.workspace.db
      .prepare<[string], { approver_id: string; cert_serial: string; signature: string; approved_at: string; ledger_index: number }>(
        'SELECT * FROM seal_use_approvals WHERE request_id = ? ORDER BY approved_at',
      )
      .all(requestId)
      .map((a) => ({ approverId: a.approver_id, certSerial: a.cert_serial, signature: a.signature, approvedAt: a.approved_at, ledgerIndex: a.ledger_index }));
    return {
      id: r.id,
      sealId: r.seal_id,
      personId: r.person_id,
      documentSha256: r.document_sha256,
      requestedAt: r.requested_at,
      ledgerIndex: r.ledger_index,
      usedAt: r.used_at,
      approvals,
      required: this.rule(r.seal_id)?.k ?? 0,
    };
  }

  list(sealId: string): UseRequest[] {
    return this.s.workspace.db
      .prepare<[string], { id: string }>('SELECT id FROM seal_use_requests WHERE seal_id = ? ORDER BY requested_at')
      .all(sealId)
      .map((r) => this.get(r.id));
  }

  /**
   * At the moment a seal signs: when its rule asks for approval, consumes an
   * unused request for this person and document with at least k approvals by
   * current approvers, else anchors seal.refused and throws REFUSED. Returns
   * the refs the seal.used entry adds (none when the seal needs no approval).
   */
  consume(seal: SealView, personId: string, documentSha256: string | undefined): Record<string, string> {
    const rule = this.rule(seal.sealId);
    if (!rule) return {};
    const ready = documentSha256
      ? this.s.workspace.db
          .prepare<[string, string, string], { id: string }>(
            'SELECT id FROM seal_use_requests WHERE seal_id = ? AND person_id = ? AND document_sha256 = ? AND used_at IS NULL ORDER BY requested_at',
          )
          .all(seal.sealId, personId, documentSha256)
          .map((r) => this.get(r.id))
          .find((r) => r.approvals.filter((a) => rule.approvers.includes(a.approverId)).length >= rule.k)
      : undefined;
    if (!ready) {
      const reason = `seal ${seal.sealId} needs ${rule.k} of ${rule.approvers.length} approvals for this document and no approved request was found`;
      this.s.ledger.append({
        type: 'seal.refused',
        subjects: [seal.recordSha256, ...(documentSha256 ? [documentSha256] : [])],
        refs: { sealId: seal.sealId, personId, reason, at: new Date().toISOString() },
      });
      throw new AffixError(
        'REFUSED',
        `Use of seal “${seal.name}” refused: ${reason}. Request it ("affix seal request ${seal.sealId} --as ${personId} --doc DOC") and have ${rule.k} of ${rule.approvers.join(', ')} approve it ("affix seal approve REQUEST --as APPROVER --pin-env VAR").`,
      );
    }
    this.s.workspace.db.prepare('UPDATE seal_use_requests SET used_at = ? WHERE id = ?').run(new Date().toISOString(), ready.id);
    return { requestId: ready.id, approvers: ready.approvals.map((a) => a.approverId).join(',') };
  }
}
