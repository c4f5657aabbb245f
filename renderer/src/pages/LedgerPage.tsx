/**
 * The ledger explorer: the node's identity and key, its entries and signed
 * checkpoints, an inclusion proof for any entry, and a full audit of the log.
 * Everything shown is read through window.affix; nothing is computed here
 * that the main process or the shared verifier does not also decide.
 */
import { CheckCircleOutlined, CloseCircleOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, Flex, Progress, Skeleton, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LedgerEntryView, LedgerStatus } from '../../../shared/contract/ledger';
import { AffixCallError, affix, asCallError, unwrap } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { formatDateTime, formatNumber } from '../format';
import { useLanguage } from '../language';
import { useCall } from '../use-call';
import { useJob } from '../use-job';

const PAGE_SIZE = 20;

const Mono = ({ children, copy, testId }: { children: string; copy?: boolean; testId?: string }) => (
  <Typography.Text className="affix-mono" copyable={copy ? { text: children } : false}>
    <span data-testid={testId}>{children}</span>
  </Typography.Text>
);

const short = (hex: string): string => `${hex.slice(0, 16)}…`;

export default function LedgerPage() {
  const { t } = useTranslation();
  const [generation, setGeneration] = useState(0);
  const status = useCall(() => affix().ledger.status({}), [generation]);
  const refresh = () => setGeneration((g) => g + 1);
  return (
    <>
      <PageHeader
        title={t('ledger.title')}
        subtitle={t('ledger.subtitle')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={refresh} data-testid="ledger-refresh">
            {t('common.refresh')}
          </Button>
        }
      />
      {status.status === 'loading' && <Skeleton active paragraph={{ rows: 6 }} />}
      {status.status === 'error' && <ErrorAlert error={status.error} />}
      {status.status === 'ok' && status.value === null && (
        <Card>
          <Empty description={t('ledger.notSetUp')} data-testid="ledger-not-set-up" />
        </Card>
      )}
      {status.status === 'ok' && status.value !== null && (
        <Flex vertical gap={16}>
          <NodeSummary s={status.value} onChanged={refresh} />
          <AuditCard size={status.value.size} />
          <Tabs
            items={[
              { key: 'entries', label: t('ledger.entries.title'), children: <EntriesTable total={status.value.size} generation={generation} /> },
              { key: 'checkpoints', label: t('ledger.checkpoints.title'), children: <CheckpointsTable generation={generation} /> },
            ]}
          />
        </Flex>
      )}
    </>
  );
}

function NodeSummary({ s, onChanged }: { s: LedgerStatus; onChanged: () => void }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const [signing, setSigning] = useState(false);
  const [error, setError] = useState<AffixCallError | null>(null);
  const signNow = async () => {
    setSigning(true);
    setError(null);
    try {
      await unwrap(affix().ledger.checkpoint({}));
      onChanged();
    } catch (e) {
      setError(asCallError(e));
    } finally {
      setSigning(false);
    }
  };
  const behind = s.checkpointSize === null ? s.size : s.size - s.checkpointSize;
  return (
    <Card
      title={t('ledger.node.title')}
      data-testid="ledger-summary"
      extra={
        <Button icon={<SafetyCertificateOutlined />} loading={signing} onClick={() => void signNow()} data-testid="ledger-checkpoint-now">
          {t('ledger.node.checkpointNow')}
        </Button>
      }
    >
      {error && <ErrorAlert error={error} />}
      {s.checkpointError && <Alert type="warning" showIcon title={t('ledger.node.checkpointFailed')} description={s.checkpointError} style={{ marginBottom: 12 }} />}
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('ledger.node.entries')}>
          <span data-testid="ledger-size" data-value={s.size}>
            {formatNumber(s.size, language)}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('ledger.node.checkpoint')}>
          {s.checkpointSize === null ? (
            t('ledger.node.noCheckpoint')
          ) : (
            <Space wrap>
              <span data-testid="ledger-checkpoint-size" data-value={s.checkpointSize}>
                {t('ledger.node.checkpointCovers', { size: formatNumber(s.checkpointSize, language) })}
              </span>
              {s.checkpointAt && <Typography.Text type="secondary">{formatDateTime(s.checkpointAt, language)}</Typography.Text>}
              {behind > 0 && <Tag color="gold">{t('ledger.node.pending', { count: behind })}</Tag>}
            </Space>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('ledger.node.root')}>
          <Mono copy>{s.rootHash}</Mono>
        </Descriptions.Item>
        <Descriptions.Item label={t('ledger.node.origin')}>
          <Mono copy testId="ledger-origin">{s.origin}</Mono>
        </Descriptions.Item>
        <Descriptions.Item label={t('ledger.node.key')}>
          <Mono copy testId="ledger-verifier-key">{s.verifierKey}</Mono>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** The full audit as a job: started, polled for progress in entries until it ends, cancellable. */
function useAuditJob(size: number) {
  const job = useJob('ledger.verify');
  const run = () => void job.run(() => unwrap(affix().ledger.verifyStart({})), size);
  const state = job.state.status === 'done' ? { status: 'done' as const, report: job.state.result.report } : job.state;
  return { state, run, cancel: job.cancel };
}

function AuditCard({ size }: { size: number }) {
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
          <Progress
            percent={state.total === 0 ? 0 : Math.floor((state.done / state.total) * 100)}
            status="active"
            aria-label={t('ledger.audit.running')}
          />
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
          title={
            state.report.firstBadIndex === null
              ? t('ledger.audit.failed')
              : t('ledger.audit.failedAt', { index: state.report.firstBadIndex })
          }
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

function EntriesTable({ total, generation }: { total: number; generation: number }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const [page, setPage] = useState(1);
  // Newest first: page 1 shows the last PAGE_SIZE entries.
  const from = Math.max(0, total - page * PAGE_SIZE);
  const limit = Math.min(PAGE_SIZE, total - (page - 1) * PAGE_SIZE);
  const entries = useCall(
    () => (limit > 0 ? affix().ledger.entries({ from, limit }) : Promise.resolve({ ok: true as const, value: { total, entries: [] } })),
    [from, limit, generation],
  );
  if (entries.status === 'error') return <ErrorAlert error={entries.error} />;
  const rows = entries.status === 'ok' ? [...entries.value.entries].reverse() : [];
  return (
    <Table<LedgerEntryView>
      data-testid="ledger-entries"
      rowKey="index"
      size="small"
      loading={entries.status === 'loading'}
      dataSource={rows}
      locale={{ emptyText: t('ledger.entries.empty') }}
      pagination={{ current: page, pageSize: PAGE_SIZE, total, onChange: setPage, showSizeChanger: false }}
      expandable={{ expandedRowRender: (e) => <EntryDetail entry={e} />, rowExpandable: () => true }}
      columns={[
        { title: '#', dataIndex: 'index', width: 80, render: (i: number) => formatNumber(i, language) },
        { title: t('ledger.entries.type'), dataIndex: 'type', render: (type: string) => <Tag>{type}</Tag> },
        {
          title: t('ledger.entries.time'),
          dataIndex: 'time',
          render: (iso: string) => (
            <Tooltip title={iso}>
              <span>{formatDateTime(iso, language)}</span>
            </Tooltip>
          ),
        },
        {
          title: t('ledger.entries.subjects'),
          dataIndex: 'subjects',
          render: (subjects: string[]) => (
            <Space direction="vertical" size={0}>
              {subjects.map((s) => (
                <Mono key={s}>{short(s)}</Mono>
              ))}
            </Space>
          ),
        },
        { title: t('ledger.entries.leafHash'), dataIndex: 'leafHash', render: (h: string) => <Mono>{short(h)}</Mono> },
      ]}
    />
  );
}

type ProofState = { status: 'idle' } | { status: 'loading' } | { status: 'ok'; proof: string; size: number } | { status: 'error'; error: AffixCallError };

function EntryDetail({ entry }: { entry: LedgerEntryView }) {
  const { t } = useTranslation();
  const [proof, setProof] = useState<ProofState>({ status: 'idle' });
  const prove = async () => {
    setProof({ status: 'loading' });
    try {
      const p = await unwrap(affix().ledger.prove({ index: entry.index }));
      setProof({ status: 'ok', proof: p.proof, size: p.size });
    } catch (e) {
      setProof({ status: 'error', error: asCallError(e) });
    }
  };
  const refs = Object.entries(entry.refs);
  return (
    <Flex vertical gap={8} data-testid={`ledger-entry-${entry.index}`}>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('ledger.entries.leafHash')}>
          <Mono copy>{entry.leafHash}</Mono>
        </Descriptions.Item>
        {entry.subjects.map((s, i) => (
          <Descriptions.Item key={s} label={`${t('ledger.entries.subject')} ${i + 1}`}>
            <Mono copy>{s}</Mono>
          </Descriptions.Item>
        ))}
        {entry.commitments.length > 0 && (
          <Descriptions.Item label={t('ledger.entries.commitments')}>{entry.commitments.map((c) => short(c)).join(', ')}</Descriptions.Item>
        )}
        {entry.actorKeyId && <Descriptions.Item label={t('ledger.entries.actor')}>{entry.actorKeyId}</Descriptions.Item>}
        {refs.length > 0 && <Descriptions.Item label={t('ledger.entries.refs')}>{refs.map(([k, v]) => `${k}=${v}`).join(', ')}</Descriptions.Item>}
      </Descriptions>
      <div>
        <Button size="small" onClick={() => void prove()} loading={proof.status === 'loading'} data-testid={`ledger-prove-${entry.index}`}>
          {t('ledger.entries.prove')}
        </Button>
      </div>
      {proof.status === 'error' && <ErrorAlert error={proof.error} />}
      {proof.status === 'ok' && (
        <>
          <Typography.Text type="secondary">{t('ledger.entries.proofAgainst', { size: proof.size })}</Typography.Text>
          <Typography.Paragraph copyable={{ text: proof.proof }} style={{ marginBottom: 0 }}>
            <pre className="affix-mono" data-testid={`ledger-proof-${entry.index}`} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }}>
              {proof.proof}
            </pre>
          </Typography.Paragraph>
        </>
      )}
    </Flex>
  );
}

function CheckpointsTable({ generation }: { generation: number }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const list = useCall(() => affix().ledger.checkpoints({ limit: 100 }), [generation]);
  if (list.status === 'error') return <ErrorAlert error={list.error} />;
  return (
    <Table
      data-testid="ledger-checkpoints"
      rowKey="size"
      size="small"
      loading={list.status === 'loading'}
      dataSource={list.status === 'ok' ? list.value : []}
      locale={{ emptyText: t('ledger.checkpoints.empty') }}
      pagination={false}
      expandable={{
        expandedRowRender: (c) => (
          <pre className="affix-mono" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }}>
            {c.note}
          </pre>
        ),
      }}
      columns={[
        { title: t('ledger.checkpoints.size'), dataIndex: 'size', render: (n: number) => formatNumber(n, language) },
        { title: t('ledger.checkpoints.root'), dataIndex: 'rootHash', render: (h: string) => <Mono>{short(h)}</Mono> },
        { title: t('ledger.checkpoints.signedAt'), dataIndex: 'signedAt', render: (iso: string) => formatDateTime(iso, language) },
      ]}
    />
  );
}
