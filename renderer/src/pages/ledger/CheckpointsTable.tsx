/** Signed checkpoints, newest first; each expands to its C2SP signed note exactly as issued. */
import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { affix } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime, formatNumber } from '../../format';
import { useLanguage } from '../../language';
import { useCall } from '../../use-call';
import { Mono, short } from './Mono';

export function CheckpointsTable({ generation }: { generation: number }) {
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
