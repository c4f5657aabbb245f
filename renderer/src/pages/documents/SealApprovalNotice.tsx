/**
 * In the signing dialog, for a seal whose every use needs k of n approvals
 * (issue #18): whether this person's use of it on this document version is
 * approved yet, and a way to request it. Approvers approve in Identities &
 * Seals › Approvals & PINs with their own PIN; signing then consumes the
 * approved request (main/services/domain/seals/seal-approval.ts).
 */
import { Alert, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary } from '../../../../shared/contract/documents';
import { affix, asCallError, unwrap, type AffixCallError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCall } from '../../use-call';

export function SealApprovalNotice({ sealId, personId, doc }: { sealId: string; personId: string | undefined; doc: DocumentSummary }) {
  const { t } = useTranslation();
  const rule = useCall(() => affix().sealApproval.rule({ sealId }), [sealId]);
  const requests = useCall(() => affix().sealApproval.requests({ sealId }), [sealId]);
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<AffixCallError | null>(null);
  if (rule.status !== 'ok' || rule.value === null) return null;
  const k = rule.value.k;
  const mine =
    requests.status === 'ok' ? requests.value.filter((r) => r.personId === personId && r.documentSha256 === doc.currentSha256 && r.usedAt === null) : [];
  const approved = mine.find((r) => r.approvals.length >= r.required);
  if (approved) {
    return (
      <Alert type="success" showIcon title={t('documents.sign.approval.approved', { n: approved.approvals.length })} data-testid="sign-approval-approved" />
    );
  }
  const pending = mine[0];
  const request = async (): Promise<void> => {
    if (!personId) return;
    setAsking(true);
    setError(null);
    try {
      await unwrap(affix().sealApproval.request({ sealId, personId, documentId: doc.id }));
      requests.reload();
    } catch (e) {
      setError(asCallError(e));
    } finally {
      setAsking(false);
    }
  };
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="sign-approval-needed"
      title={t('documents.sign.approval.needed', { k })}
      description={
        <>
          {pending ? t('documents.sign.approval.pending', { have: pending.approvals.length, k: pending.required }) : t('documents.sign.approval.how')}
          {error && <ErrorAlert error={error} />}
        </>
      }
      action={
        !pending && (
          <Button size="small" onClick={() => void request()} loading={asking} disabled={!personId} data-testid="sign-approval-request">
            {t('documents.sign.approval.request')}
          </Button>
        )
      }
    />
  );
}
