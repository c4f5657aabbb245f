/**
 * Witnessing of this ledger: the witness policy in words, cosignatures per
 * checkpoint and whether the policy is met, and the ways to get the latest
 * checkpoint cosigned: request and response files (through the main
 * process's dialogs) or the witnesses reachable online.
 */
import { Alert, Button, Card, Empty, Flex, Space, Table, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../../shared/contract';
import type { WitnessingStatus } from '../../../../shared/contract/ledger';
import { affix, unwrap } from '../../api';
import { chooseFile } from '../../choose-file';
import { ErrorAlert } from '../../components/ErrorAlert';
import { StateTag } from '../../components/StateTag';
import { formatNumber } from '../../format';
import { useLanguage } from '../../language';
import { useAction } from '../../use-action';
import { useCall } from '../../use-call';

export function WitnessesPanel({ generation }: { generation: number }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const [mine, setMine] = useState(0);
  const status = useCall(() => affix().ledger.witnesses({}), [generation, mine]);
  const [said, setSaid] = useState<{ message: ReactNode; type: 'info' | 'warning' } | null>(null);
  // A witness that refused or could not be reached is a warning, not news: the checkpoint stays uncosigned by it.
  const changed = (message: ReactNode, type: 'info' | 'warning' = 'info') => {
    setSaid({ message, type });
    setMine((g) => g + 1);
  };
  const n = (x: number) => formatNumber(x, language);

  const policy = useAction(
    async () => {
      const f = await chooseFile('witness-policy');
      return f && (await unwrap(affix().ledger.setWitnessPolicy({ file: f.handle })));
    },
    (s) => s && changed(t('ledger.witnesses.policySet', { count: s.witnesses.length })),
  );
  const request = useAction(
    async (size: number) => {
      const target = await unwrap(affix().files.save({ purpose: 'witness-request', suggestedName: `witness-request-${size}.txt` }));
      return target && (await unwrap(affix().ledger.writeWitnessRequest({ target: target.handle })));
    },
    (r) => r && changed(t('ledger.witnesses.requestWritten', { file: r.name, size: n(r.size), old: n(r.oldSize) })),
  );
  const response = useAction(
    async () => {
      const f = await chooseFile('witness-response');
      return f && (await unwrap(affix().ledger.addCosignatures({ file: f.handle })));
    },
    (r) => r && changed(t('ledger.witnesses.responseRead', { names: r.witnesses.join(', '), size: n(r.size) })),
  );
  const online = useAction(
    () => unwrap(affix().ledger.witnessOnline({})),
    ({ results }) =>
      changed(
        results.length === 0 ? (
          t('ledger.witnesses.noneOnline')
        ) : (
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {results.map((r) => (
              <li key={r.witness}>{onlineWords(t, r)}</li>
            ))}
          </ul>
        ),
        results.every((r) => r.ok) ? 'info' : 'warning',
      ),
  );
  const error = policy.error ?? request.error ?? response.error ?? online.error;

  if (status.status === 'loading') return <Card loading data-testid="witnesses-loading" />;
  if (status.status === 'error') return <ErrorAlert error={status.error} />;
  const s = status.value;
  const setPolicyButton = (
    <Button onClick={() => policy.submit(undefined)} loading={policy.running} data-testid="witness-policy-set">
      {t('ledger.witnesses.setPolicy')}
    </Button>
  );
  return (
    <Flex vertical gap={16} data-testid="ledger-witnesses">
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('ledger.witnesses.explain')}
      </Typography.Paragraph>
      <div aria-live="polite">{said && <Alert type={said.type} showIcon data-testid="witness-said" data-type={said.type} title={said.message} />}</div>
      {error && <ErrorAlert error={error} />}
      {s.policy === null ? (
        <Card>
          <Empty description={t('ledger.witnesses.noPolicy')} data-testid="witness-no-policy">
            <Typography.Paragraph type="secondary">{t('ledger.witnesses.noPolicyNext')}</Typography.Paragraph>
            {setPolicyButton}
          </Empty>
        </Card>
      ) : (
        <>
          <Card title={t('ledger.witnesses.policyTitle')} extra={setPolicyButton} data-testid="witness-policy">
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {s.witnesses.map((w) => (
                <li key={w.name} data-testid="witness-policy-witness">
                  {w.lastSize === null
                    ? t('ledger.witnesses.witnessNever', { name: w.name })
                    : t('ledger.witnesses.witnessLine', { name: w.name, size: n(w.lastSize) })}
                  {' · '}
                  {w.url ? t('ledger.witnesses.online', { url: w.url }) : t('ledger.witnesses.byFile')}
                </li>
              ))}
              {s.groups.map((g) => (
                <li key={g.name}>
                  {t('ledger.witnesses.group', { name: g.name, threshold: g.threshold, count: g.members.length, members: g.members.join(', ') })}
                </li>
              ))}
              <li data-testid="witness-quorum">
                {s.quorum === 'none' ? t('ledger.witnesses.quorumNone') : t('ledger.witnesses.quorum', { name: s.quorum ?? '' })}
              </li>
            </ul>
          </Card>
          <LatestCard s={s} onRequest={(size) => request.submit(size)} requesting={request.running} />
          <Space wrap>
            <Button onClick={() => response.submit(undefined)} loading={response.running} disabled={s.latest === null} data-testid="witness-read-response">
              {t('ledger.witnesses.readResponse')}
            </Button>
            <Button onClick={() => online.submit(undefined)} loading={online.running} disabled={s.latest === null} data-testid="witness-send-online">
              {t('ledger.witnesses.sendOnline')}
            </Button>
          </Space>
          <Table
            data-testid="witness-checkpoints"
            rowKey="size"
            size="small"
            pagination={false}
            dataSource={s.checkpoints}
            locale={{ emptyText: t('ledger.witnesses.checkpointsEmpty') }}
            title={() => t('ledger.witnesses.checkpointsTitle')}
            columns={[
              { title: t('ledger.witnesses.size'), dataIndex: 'size', render: (x: number) => n(x) },
              { title: t('ledger.witnesses.cosigners'), dataIndex: 'cosignedBy', render: (names: string[]) => names.join(', ') },
              {
                title: t('ledger.witnesses.policy'),
                dataIndex: 'satisfied',
                render: (ok: boolean, c) => (
                  <span data-testid="witness-checkpoint-met" data-size={c.size} data-satisfied={String(ok)}>
                    <StateTag tone={ok ? 'ok' : 'warning'}>{ok ? t('ledger.witnesses.met') : t('ledger.witnesses.notMet')}</StateTag>
                  </span>
                ),
              },
            ]}
          />
        </>
      )}
    </Flex>
  );
}

function LatestCard({ s, onRequest, requesting }: { s: WitnessingStatus; onRequest: (size: number) => void; requesting: boolean }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  if (s.latest === null) return <Alert type="info" showIcon title={t('ledger.witnesses.noCheckpoint')} />;
  const l = s.latest;
  return (
    <Card
      title={t('ledger.witnesses.latest', { size: formatNumber(l.size, language) })}
      data-testid="witness-latest"
      data-satisfied={String(l.satisfied)}
      extra={
        <Button type="primary" onClick={() => onRequest(l.size)} loading={requesting} data-testid="witness-write-request">
          {t('ledger.witnesses.writeRequest')}
        </Button>
      }
    >
      <Space direction="vertical">
        <StateTag tone={l.satisfied ? 'ok' : 'warning'}>{l.satisfied ? t('ledger.witnesses.met') : t('ledger.witnesses.notMet')}</StateTag>
        <span>{l.cosignedBy.length ? t('ledger.witnesses.cosignedBy', { names: l.cosignedBy.join(', ') }) : t('ledger.witnesses.nobody')}</span>
        <span>{s.pending.length ? t('ledger.witnesses.pending', { names: s.pending.join(', ') }) : t('ledger.witnesses.allCosigned')}</span>
      </Space>
    </Card>
  );
}

type OnlineResult = OutputOf<'ledger.witnessOnline'>['results'][number];

function onlineWords(t: ReturnType<typeof useTranslation>['t'], r: OnlineResult): string {
  const name = r.witness;
  switch (r.outcome) {
    case 'cosigned':
      return t('ledger.witnesses.onlineCosigned', { name, size: r.size ?? 0 });
    case 'unreachable':
      return t('ledger.witnesses.onlineUnreachable', { name });
    case 'refused':
      return t('ledger.witnesses.onlineRefused', { name, status: r.httpStatus ?? 0 });
    case 'rolled-back':
      return t('ledger.witnesses.onlineRolledBack', { name });
    case 'bad-response':
      return t('ledger.witnesses.onlineBadResponse', { name });
  }
}
