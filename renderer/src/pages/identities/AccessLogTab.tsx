/**
 * The access log (issue #18): every reveal, disclosure and erasure of
 * personal data and every refused attempt, with who asked, why, which
 * custodians approved and the ledger entry that anchors it; and the
 * custodians whose approval such access needs.
 */
import { Alert, Card, Descriptions, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { AccessLogEntrySchema } from '../../../../shared/contract/access';
import { affix } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../format';
import { useLanguage } from '../../language';
import { useCall } from '../../use-call';
import { usePersonNames } from '../../use-person-names';

type Entry = z.infer<typeof AccessLogEntrySchema>;

export function AccessLogTab() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const policy = useCall(() => affix().access.policy({}));
  const log = useCall(() => affix().access.log({}));
  const { nameOf } = usePersonNames();
  // Codes stay codes in the log; the window says them in the reader's words.
  const actionWords = (action: string): string => {
    switch (action) {
      case 'reveal':
        return t('soleControl.actions.reveal');
      case 'disclose':
        return t('soleControl.actions.disclose');
      case 'erase':
        return t('soleControl.actions.erase');
      default:
        return action;
    }
  };
  if (log.status === 'error') return <ErrorAlert error={log.error} />;
  return (
    <Card title={t('soleControl.logTitle')} data-testid="access-log">
      {policy.status === 'ok' &&
        (policy.value.custodians.length === 0 ? (
          <Alert type="warning" showIcon message={t('soleControl.noCustodians')} style={{ marginBottom: 12 }} data-testid="access-no-custodians" />
        ) : (
          <Descriptions
            size="small"
            column={1}
            style={{ marginBottom: 12 }}
            items={[
              {
                key: 'c',
                label: t('soleControl.custodians'),
                children: t('soleControl.kOf', { k: policy.value.k, list: policy.value.custodians.map(nameOf).join(', ') }),
              },
            ]}
          />
        ))}
      <Table<Entry>
        rowKey="id"
        size="small"
        loading={log.status === 'loading'}
        dataSource={log.status === 'ok' ? [...log.value].reverse() : []}
        locale={{ emptyText: t('soleControl.logEmpty') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('soleControl.at'), dataIndex: 'at', render: (at: string) => formatDateTime(at, language) },
          { title: t('soleControl.action'), dataIndex: 'action', render: (a: string) => actionWords(a) },
          {
            title: t('soleControl.outcome'),
            dataIndex: 'outcome',
            render: (o: Entry['outcome'], e) => (
              <Tag color={o === 'granted' ? 'green' : 'red'} title={e.detail ?? undefined}>
                {o === 'granted' ? t('soleControl.granted') : t('soleControl.refused')}
              </Tag>
            ),
          },
          {
            title: t('soleControl.person'),
            dataIndex: 'personId',
            render: (id: string) => <Typography.Text>{nameOf(id)}</Typography.Text>,
          },
          { title: t('soleControl.actor'), dataIndex: 'actor' },
          { title: t('soleControl.reason'), dataIndex: 'reason' },
          { title: t('soleControl.approvers'), key: 'approvers', render: (_, e) => e.approvers.map((a) => nameOf(a.personId)).join(', ') || '—' },
          { title: t('soleControl.ledgerIndex'), dataIndex: 'ledgerIndex' },
        ]}
      />
    </Card>
  );
}
