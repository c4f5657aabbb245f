/**
 * Signing from a dialog as a job: the main process reports how much of the
 * document it has read and hashed, the dialog shows it and offers to stop.
 * Stopping during that pass signs and records nothing; after it the signature
 * is made and recorded in a moment, so the bar simply completes.
 */
import { Alert, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SignatureResult } from '../../../../shared/contract/signing';
import { formatBytes } from '../../format';
import { useLanguage } from '../../language';
import { useJob, type JobState } from '../../use-job';

export function useSigningJob(onDone: (signature: SignatureResult) => void) {
  const job = useJob('document.sign');
  /** Starts a signing job (`start` calls signing.signStart or plans.signNextStart) over a document of `total` bytes. */
  const submit = (start: () => Promise<{ jobId: string }>, total: number): void => {
    // job.run never rejects: a failure ends as an 'error' state the dialog shows.
    void job.run(start, total).then((final) => {
      if (final.status === 'done') onDone(final.result.signature);
    });
  };
  const { state } = job;
  return {
    state,
    running: state.status === 'running',
    cancelling: state.status === 'running' && state.cancelling,
    error: state.status === 'error' ? state.error : null,
    submit,
    cancel: job.cancel,
  };
}

export function SigningProgress({ state }: { state: JobState<'document.sign'> }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  if (state.status !== 'running' && state.status !== 'cancelled') return null;
  const amounts = { done: formatBytes(state.done, language), total: formatBytes(state.total, language) };
  if (state.status === 'cancelled') {
    return (
      <Alert
        type="info"
        showIcon
        data-testid="signing-stopped"
        title={t('documents.signJob.stopped')}
        description={t('documents.signJob.stoppedDetail', amounts)}
      />
    );
  }
  return (
    <div data-testid="signing-progress" data-done={state.done} data-total={state.total}>
      <Progress percent={state.total === 0 ? 0 : Math.floor((state.done / state.total) * 100)} status="active" aria-label={t('documents.signJob.label')} />
      <Typography.Text type="secondary" aria-live="polite">
        {t('documents.signJob.progress', amounts)}
      </Typography.Text>
    </div>
  );
}
