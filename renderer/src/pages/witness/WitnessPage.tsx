/**
 * This install as a witness (c2sp.org/tlog-witness) for other parties' logs:
 * its key, the logs it pins, what it cosigned, what it refused (fork and
 * equivocation evidence, in words), and cosigning a request file into a
 * response file for air-gapped exchange. The window opens no network port:
 * answering online is `affix witness serve`, shown as a command to run.
 */
import { Alert, Button, Card, Empty, Flex, Form, Input, Skeleton, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WitnessAnswerView, WitnessStatus } from '../../../../shared/contract/witness';
import { affix, unwrap } from '../../api';
import { chooseFile } from '../../choose-file';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime, formatNumber } from '../../format';
import { useLanguage } from '../../language';
import { useAction } from '../../use-action';
import { useCall } from '../../use-call';
import { Mono } from '../ledger/Mono';
import { refusalWords } from './refusal-words';

export default function WitnessPage() {
  const { t } = useTranslation();
  const [generation, setGeneration] = useState(0);
  const status = useCall(() => affix().witness.status({}), [generation]);
  const refresh = () => setGeneration((g) => g + 1);
  return (
    <>
      <PageHeader title={t('witness.title')} subtitle={t('witness.subtitle')} />
      {status.status === 'loading' && <Skeleton active paragraph={{ rows: 6 }} />}
      {status.status === 'error' && <ErrorAlert error={status.error} />}
      {status.status === 'ok' && status.value.witness === null && <CreateKey onDone={refresh} />}
      {status.status === 'ok' && status.value.witness !== null && <Running s={status.value} onChanged={refresh} />}
    </>
  );
}

function CreateKey({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const create = useAction((name: string) => unwrap(affix().witness.init({ name })), onDone);
  return (
    <Card data-testid="witness-none">
      <Empty description={t('witness.none')}>
        <Typography.Paragraph type="secondary">{t('witness.noneNext')}</Typography.Paragraph>
        <Form layout="inline" onFinish={(v: { name: string }) => create.submit(v.name.trim())} style={{ justifyContent: 'center' }}>
          <Form.Item name="name" label={t('witness.name')} rules={[{ required: true, message: t('witness.nameHelp') }]}>
            <Input data-testid="witness-name" placeholder="court.example/witness" style={{ width: 260 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={create.running} data-testid="witness-create">
            {t('witness.create')}
          </Button>
        </Form>
        {create.error && <ErrorAlert error={create.error} style={{ marginTop: 12 }} />}
      </Empty>
    </Card>
  );
}

function Running({ s, onChanged }: { s: WitnessStatus; onChanged: () => void }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const [pinned, setPinned] = useState<string | null>(null);
  const [form] = Form.useForm<{ origin: string; logKey: string }>();
  const pin = useAction(
    (v: { origin: string; logKey: string }) => unwrap(affix().witness.addLog({ origin: v.origin.trim(), logKey: v.logKey.trim() })),
    (log) => {
      setPinned(log.origin);
      form.resetFields();
      onChanged();
    },
  );
  const [answer, setAnswer] = useState<WitnessAnswerView | null>(null);
  const cosign = useAction(
    async () => {
      const request = await chooseFile('witness-request');
      if (!request) return null;
      const response = await unwrap(affix().files.save({ purpose: 'witness-response', suggestedName: 'witness-response.txt' }));
      if (!response) return null;
      return unwrap(affix().witness.cosign({ request: request.handle, response: response.handle }));
    },
    (a) => {
      if (!a) return;
      setAnswer(a);
      onChanged();
    },
  );
  const n = (x: number) => formatNumber(x, language);
  return (
    <Flex vertical gap={16} data-testid="witness-running">
      <Card title={s.witness!.name}>
        <Typography.Text type="secondary">{t('witness.key')}</Typography.Text>
        <div>
          <Mono copy testId="witness-verifier-key">
            {s.witness!.verifierKey}
          </Mono>
        </div>
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t('witness.server')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('witness.serverExplain')}</Typography.Paragraph>
        <Typography.Text code copyable data-testid="witness-serve-command">
          affix witness serve --listen 127.0.0.1:7380
        </Typography.Text>
      </Card>

      <Card title={t('witness.cosignTitle')}>
        <Typography.Paragraph type="secondary">{t('witness.cosignExplain')}</Typography.Paragraph>
        <Button type="primary" onClick={() => cosign.submit(undefined)} loading={cosign.running} data-testid="witness-cosign">
          {t('witness.cosign')}
        </Button>
        <div aria-live="polite" style={{ marginTop: 12 }}>
          {answer?.status === 200 && (
            <Alert
              type="success"
              showIcon
              data-testid="witness-cosigned"
              title={t('witness.cosigned', { origin: answer.origin ?? '', size: n(answer.size ?? 0), file: answer.written ?? '' })}
            />
          )}
          {answer && answer.status !== 200 && (
            <Alert
              type="error"
              showIcon
              data-testid="witness-refused"
              data-kind={answer.kind}
              title={t('witness.refusedTitle')}
              description={refusalWords(t, answer.kind, { size: answer.size ?? 0, status: answer.status, current: answer.currentSize ?? 0 })}
            />
          )}
        </div>
        {cosign.error && <ErrorAlert error={cosign.error} />}
      </Card>

      <Card title={t('witness.pinTitle')}>
        <Typography.Paragraph type="secondary">{t('witness.pinExplain')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => pin.submit(v)}>
          <Form.Item name="origin" label={t('witness.origin')} rules={[{ required: true, message: t('witness.origin') }]}>
            <Input data-testid="witness-log-origin" />
          </Form.Item>
          <Form.Item name="logKey" label={t('witness.logKey')} rules={[{ required: true, message: t('witness.logKey') }]}>
            <Input data-testid="witness-log-key" className="affix-mono" />
          </Form.Item>
          <Button htmlType="submit" loading={pin.running} data-testid="witness-pin">
            {t('witness.pin')}
          </Button>
        </Form>
        <div aria-live="polite">{pinned && <Alert type="success" showIcon style={{ marginTop: 12 }} title={t('witness.pinned', { origin: pinned })} />}</div>
        {pin.error && <ErrorAlert error={pin.error} style={{ marginTop: 12 }} />}
      </Card>

      <Table
        data-testid="witness-logs"
        rowKey="origin"
        size="small"
        pagination={false}
        title={() => t('witness.logsTitle')}
        dataSource={s.logs}
        locale={{ emptyText: t('witness.logsEmpty') }}
        columns={[
          { title: t('witness.origin'), dataIndex: 'origin', render: (o: string) => <Mono>{o}</Mono> },
          { title: t('witness.size'), dataIndex: 'size', render: (x: number) => <span data-testid="witness-log-size">{n(x)}</span> },
          { title: t('witness.root'), dataIndex: 'rootHash', render: (h: string | null) => (h ? <Mono>{`${h.slice(0, 16)}…`}</Mono> : '—') },
          { title: t('witness.updated'), dataIndex: 'updatedAt', render: (at: string | null) => (at ? formatDateTime(at, language) : t('witness.never')) },
          { title: t('witness.refusalsCount'), dataIndex: 'refusals', render: (x: number) => n(x) },
        ]}
      />

      <Card title={t('witness.refusalsTitle')} data-testid="witness-refusals">
        {s.refusals.length === 0 ? (
          <Typography.Text type="secondary">{t('witness.refusalsEmpty')}</Typography.Text>
        ) : (
          <Flex vertical gap={12}>
            {s.refusals.map((r, i) => (
              <div key={i} data-testid="witness-refusal" data-kind={r.kind ?? ''}>
                <Typography.Text strong>{t('witness.refusalLine', { origin: r.origin, size: n(r.size) })}</Typography.Text>{' '}
                <Typography.Text type="secondary">{t('witness.refusalAt', { at: formatDateTime(r.at, language) })}</Typography.Text>
                <div>{refusalWords(t, r.kind, { size: r.size, status: r.status, current: 0 })}</div>
                <details>
                  <summary>{t('witness.evidence')}</summary>
                  <pre className="affix-mono" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }}>
                    {r.note}
                  </pre>
                </details>
              </div>
            ))}
          </Flex>
        )}
      </Card>
    </Flex>
  );
}
