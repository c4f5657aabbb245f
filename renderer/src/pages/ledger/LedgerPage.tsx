/**
 * The ledger explorer: the node's identity and key, its entries (in words)
 * and signed checkpoints, an inclusion proof for any entry, and a full audit
 * of the log. Everything shown is read through window.affix; nothing is
 * computed here that the main process or the shared verifier does not also decide.
 */
import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Skeleton, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { affix } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useCall } from '../../use-call';
import { AuditCard } from './AuditCard';
import { CheckpointsTable } from './CheckpointsTable';
import { EntriesTable } from './EntriesTable';
import { NodeSummary } from './NodeSummary';
import { WitnessesPanel } from './WitnessesPanel';

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
      {status.status === 'loading' && <Skeleton active paragraph={{ rows: 6 }} data-testid="ledger-loading" />}
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
              { key: 'witnesses', label: t('ledger.witnesses.tab'), children: <WitnessesPanel generation={generation} /> },
            ]}
          />
        </Flex>
      )}
    </>
  );
}
