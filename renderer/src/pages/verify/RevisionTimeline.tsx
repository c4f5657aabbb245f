/** The file's revisions in order: which signed, which only changed things, which broke a signature. */
import { Card, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { VerificationReport } from '../../../../shared/verify/report';

export function RevisionTimeline({ report }: { report: VerificationReport }) {
  const { t } = useTranslation();
  const revisions = Array.from({ length: report.revisions }, (_, i) => i + 1);
  const numbered = report.signatures.map((s, i) => ({ s, n: i + 1 }));
  return (
    <Card title={t('verify.timeline.title')} data-testid="verify-timeline">
      <Timeline
        items={revisions.map((r) => {
          const signed = numbered.filter(({ s }) => s.revision === r);
          const changes = report.signatures.flatMap((s) => s.modifications.filter((m) => m.revision === r));
          const bad = changes.some((m) => !m.allowed) || signed.some(({ s }) => s.status.indication === 'TOTAL-FAILED');
          return {
            color: bad ? 'red' : signed.length ? 'green' : 'gray',
            content: (
              <>
                <Typography.Text strong>{t('verify.signature.revision', { n: r })}</Typography.Text>{' '}
                {signed.length > 0 && t('verify.timeline.signed', { signatures: signed.map(({ n }) => t('verify.signature.title', { n })).join('、') })}
                {signed.length === 0 && changes.length === 0 && t('verify.timeline.unsigned')}
                {signed.length === 0 && changes.length > 0 && t('verify.timeline.changes', { count: new Set(changes.map((c) => c.kind)).size })}
              </>
            ),
          };
        })}
      />
    </Card>
  );
}
