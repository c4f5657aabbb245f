/**
 * The parties of an envelope: organisation, USCC and the root CA
 * fingerprint read as a safety number (groups of four), the thing each party
 * confirms with the others out of band.
 */
import { Table, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface PartyRow {
  name: string;
  uscc: string;
  safetyNumber: string;
}

export function PartiesTable<P extends PartyRow>({ parties, extra }: { parties: P[]; extra?: { title: string; render: (p: P) => ReactNode } }) {
  const { t } = useTranslation();
  return (
    <Table<P>
      rowKey="uscc"
      size="small"
      pagination={false}
      dataSource={parties}
      data-testid="envelope-parties"
      columns={[
        { title: t('envelopes.party.name'), dataIndex: 'name' },
        { title: t('envelopes.party.uscc'), dataIndex: 'uscc', render: (u: string) => <Typography.Text className="affix-mono">{u}</Typography.Text> },
        {
          title: t('envelopes.party.fingerprint'),
          dataIndex: 'safetyNumber',
          render: (n: string) => (
            <Typography.Text className="affix-mono" style={{ fontSize: 12 }} data-testid="envelope-safety-number">
              {n}
            </Typography.Text>
          ),
        },
        ...(extra ? [{ title: extra.title, key: 'extra', render: (_: unknown, p: P) => extra.render(p) }] : []),
      ]}
    />
  );
}
