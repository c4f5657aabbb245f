/**
 * Batch issuance: a template, the office's seal and the person authorised to
 * use it, and a CSV chosen or dropped. Runs as a job with progress and
 * Cancel; rows already issued are skipped, so running the same file again
 * resumes. Refused rows are listed with their line, column and failing check.
 */
import { Alert, Button, Card, Flex, Form, Input, Progress, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { CertIssueEventSchema, CertTemplateSchema } from '../../../../shared/contract/certificates';
import { affix, type AffixCallError, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FileDrop, type PickedFile } from '../../components/FileDrop';
import { personLabel, sealLabel } from '../../signer-labels';
import { useCall } from '../../use-call';
import { useJob } from '../../use-job';

type Refused = z.infer<typeof CertIssueEventSchema>;

export function IssueCard({ templates, onIssued }: { templates: z.infer<typeof CertTemplateSchema>[]; onIssued: () => void }) {
  const { t } = useTranslation();
  const seals = useCall(() => affix().seals.list({}));
  const persons = useCall(() => affix().identity.list({}));
  const [template, setTemplate] = useState<string | undefined>();
  const [sealId, setSealId] = useState<string | undefined>();
  const [personId, setPersonId] = useState<string | undefined>();
  const [passphrase, setPassphrase] = useState('');
  const [csv, setCsv] = useState<PickedFile | null>(null);
  const [fileError, setFileError] = useState<AffixCallError | null>(null);
  const job = useJob('certificates.issue');
  const running = job.state.status === 'running';
  const ready = !!template && !!sealId && !!personId && passphrase.length > 0 && !!csv && !running;

  const issue = async () => {
    const state = await job.run(() =>
      unwrap(
        affix().certificates.issueStart({
          template: template!,
          sealId: sealId!,
          personId: personId!,
          passphrase,
          data: { name: csv!.name, base64: csv!.base64 },
        }),
      ),
    );
    if (state.status === 'done' || state.status === 'cancelled') onIssued();
  };

  return (
    <Card title={t('certs.issue.title')}>
      <Typography.Paragraph type="secondary">{t('certs.issue.help')}</Typography.Paragraph>
      <Form layout="vertical" requiredMark={false}>
        <Flex gap={12} wrap>
          <Form.Item label={t('certs.issue.template')} style={{ flex: '1 1 200px' }}>
            <Select
              value={template}
              onChange={setTemplate}
              options={templates.map((tpl) => ({ value: tpl.name, label: tpl.name }))}
              aria-label={t('certs.issue.template')}
              data-testid="cert-issue-template"
            />
          </Form.Item>
          <Form.Item label={t('certs.issue.seal')} style={{ flex: '1 1 240px' }}>
            <Select
              value={sealId}
              onChange={setSealId}
              options={seals.status === 'ok' ? seals.value.map((s) => ({ value: s.sealId, label: sealLabel(s) })) : []}
              aria-label={t('certs.issue.seal')}
              data-testid="cert-issue-seal"
            />
          </Form.Item>
          <Form.Item label={t('certs.issue.person')} style={{ flex: '1 1 240px' }}>
            <Select
              value={personId}
              onChange={setPersonId}
              options={
                persons.status === 'ok'
                  ? persons.value.filter((p) => !p.erasedAt).map((p) => ({ value: p.id, label: personLabel(p, t('people.tail'), t('people.unnamed')) }))
                  : []
              }
              aria-label={t('certs.issue.person')}
              data-testid="cert-issue-person"
            />
          </Form.Item>
        </Flex>
        <FileDrop
          label={csv ? t('certs.issue.csvChosen', { name: csv.name }) : t('certs.issue.csvDrop')}
          hint={t('certs.issue.csvHint')}
          accept=".csv,text/csv"
          testId="cert-issue-csv"
          onFile={setCsv}
          onError={setFileError}
          disabled={running}
        />
        <Form.Item label={t('certs.passphrase')} extra={t('certs.passphraseHelp')} style={{ marginTop: 12 }}>
          <Input.Password
            autoComplete="off"
            aria-label={t('certs.passphrase')}
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
            data-testid="cert-issue-passphrase"
            style={{ maxWidth: 360 }}
          />
        </Form.Item>
      </Form>
      <Flex gap={8}>
        <Button type="primary" disabled={!ready} loading={running} onClick={() => void issue()} data-testid="cert-issue-submit">
          {t('certs.issue.submit')}
        </Button>
        {running && (
          <Button
            onClick={() => void job.cancel()}
            disabled={job.state.status === 'running' && (job.state.cancelling || !job.state.jobId)}
            data-testid="cert-issue-cancel"
          >
            {t('certs.issue.cancel')}
          </Button>
        )}
      </Flex>
      {fileError && <ErrorAlert error={fileError} style={{ marginTop: 12 }} />}
      {(job.state.status === 'running' || job.state.status === 'cancelled') && (
        <div style={{ marginTop: 12 }} data-testid="cert-issue-progress">
          <Progress
            percent={job.state.total === 0 ? 0 : Math.floor((job.state.done / job.state.total) * 100)}
            status={job.state.status === 'running' ? 'active' : 'normal'}
            aria-label={t('certs.issue.progressLabel')}
          />
          <Typography.Text type="secondary" aria-live="polite">
            {job.state.status === 'running'
              ? t('certs.issue.progress', { done: job.state.done, total: job.state.total })
              : t('certs.issue.stopped', { done: job.state.done, total: job.state.total })}
          </Typography.Text>
        </div>
      )}
      {job.state.status === 'error' && <ErrorAlert error={job.state.error} title={t('certs.issue.failed')} style={{ marginTop: 12 }} />}
      {job.state.status === 'done' && <IssueResult summary={job.state.result.summary} />}
    </Card>
  );
}

/** A failing check in words; "uscc:check-digit" and the like are named by their column rule. */
function useCheckWords(): (check: string) => string {
  const { t } = useTranslation();
  const words: Record<string, string> = {
    csv: t('certs.checks.csv'),
    empty: t('certs.checks.empty'),
    header: t('certs.checks.header'),
    columns: t('certs.checks.columns'),
    duplicate: t('certs.checks.duplicate'),
    'missing-output': t('certs.checks.missingOutput'),
    fill: t('certs.checks.fill'),
    missing: t('certs.checks.missing'),
    length: t('certs.checks.length'),
    formula: t('certs.checks.formula'),
    control: t('certs.checks.control'),
    uscc: t('certs.checks.uscc'),
    'resident-id': t('certs.checks.residentId'),
    date: t('certs.checks.date'),
  };
  return (check) => words[check.split(':')[0]] ?? check;
}

function IssueResult({ summary }: { summary: { rows: number; issued: number; skipped: number; repaired: number; errors: number; refused: Refused[] } }) {
  const { t } = useTranslation();
  const checkWords = useCheckWords();
  return (
    <div style={{ marginTop: 12 }} data-testid="cert-issue-result">
      <Alert
        type={summary.errors > 0 ? 'warning' : 'success'}
        showIcon
        title={t('certs.issue.summary', { issued: summary.issued, skipped: summary.skipped + summary.repaired, errors: summary.errors, rows: summary.rows })}
        description={summary.errors > 0 ? t('certs.issue.fixRows') : undefined}
      />
      {summary.refused.length > 0 && (
        <Table<Refused>
          style={{ marginTop: 12 }}
          size="small"
          rowKey={(r) => `${r.line}-${r.check}-${r.column ?? ''}`}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={summary.refused}
          rowClassName={() => 'affix-row-refused'}
          data-testid="cert-issue-refused"
          columns={[
            { title: t('certs.issue.line'), dataIndex: 'line', width: 70 },
            { title: t('certs.issue.column'), dataIndex: 'column', render: (c: string | null) => c ?? '—' },
            { title: t('certs.issue.check'), dataIndex: 'check', render: (c: string) => checkWords(c) },
            { title: t('certs.issue.problem'), dataIndex: 'message' },
          ]}
        />
      )}
    </div>
  );
}
