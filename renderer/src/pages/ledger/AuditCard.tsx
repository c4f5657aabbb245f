/** Verifying the whole ledger: a job with progress in entries, cancellable, ending in a verdict that names the first bad entry. */
import { CheckCircleOutlined, CloseCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Progress, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { affix, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatNumber } from '../../format';
import { useLanguage } from '../../language';
import { useJob } from '../../use-job';

/** The full audit as a job: started, polled for progress in entries until it ends, cancellable. */
function useAuditJob(size: number) {
  const job = useJob('ledger.verify');
  const run = () => void job.run(() => unwrap(affix().ledger.verifyStart({})), size);
  const state = job.state.status === 'done' ? { status: 'done' as const, report: job.state.result.report } : job.state;
  return { state, run, cancel: job.cancel };
}

export function AuditCard({ size }: { size: number }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { state, run, cancel } = useAuditJob(size);
  const running = state.status === 'running';
  return (
    <Card
      title={t('ledger.audit.title')}
      data-testid="ledger-audit"
      extra={
        <Space>
          {running && (
            <Button onClick={() => void cancel()} loading={state.cancelling} disabled={state.jobId === null} data-testid="ledger-audit-cancel">
              {t('ledger.audit.cancel')}
            </Button>
          )}
          <Button type="primary" onClick={run} disabled={running} data-testid="ledger-verify-all">
            {t('ledger.audit.run')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('ledger.audit.explain', { count: size })}</Typography.Paragraph>
      {running && (
        <div data-testid="ledger-audit-progress" data-done={state.done} data-total={state.total}>
          <Progress percent={state.total === 0 ? 0 : Math.floor((state.done / state.total) * 100)} status="active" aria-label={t('ledger.audit.running')} />
          <Typography.Text type="secondary" aria-live="polite">
            {t('ledger.audit.progress', { done: formatNumber(state.done, language), total: formatNumber(state.total, language) })}
          </Typography.Text>
        </div>
      )}
      {state.status === 'cancelled' && (
        <Alert
          type="info"
          showIcon
          data-testid="ledger-audit-cancelled"
          title={t('ledger.audit.cancelled')}
          description={t('ledger.audit.cancelledDetail', { done: formatNumber(state.done, language), total: formatNumber(state.total, language) })}
        />
      )}
      {state.status === 'error' && <ErrorAlert error={state.error} />}
      {state.status === 'done' && state.report.ok && (
        <Alert
          type="success"
          showIcon
          icon={<CheckCircleOutlined />}
          data-testid="ledger-audit-ok"
          title={t('ledger.audit.ok')}
          description={t('ledger.audit.okDetail', {
            entries: formatNumber(state.report.entries, language),
            checkpoints: formatNumber(state.report.checkpointsChecked, language),
          })}
        />
      )}
      {state.status === 'done' && !state.report.ok && (
        <Alert
          type="error"
          showIcon
          icon={<CloseCircleOutlined />}
          data-testid="ledger-audit-failed"
          title={state.report.firstBadIndex === null ? t('ledger.audit.failed') : t('ledger.audit.failedAt', { index: state.report.firstBadIndex })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="ledger-audit-problems">
              {state.report.problems.map((p, i) => (
                <li key={i}>{p.message}</li>
              ))}
              {state.report.problemCount > state.report.problems.length && (
                <li>{t('ledger.audit.more', { count: state.report.problemCount - state.report.problems.length })}</li>
              )}
            </ul>
          }
        />
      )}
    </Card>
  );
}
