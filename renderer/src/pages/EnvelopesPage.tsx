/**
 * Signing envelopes between organisations (issue #15): receive one (dropped
 * or chosen, fingerprints confirmed), start one for a document with a
 * signing order, and follow each envelope's parties, steps and status.
 */
import { SendOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnvelopeSummaryView } from '../../../shared/contract/signing-envelopes';
import { affix } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { useCall } from '../use-call';
import { EnvelopeDetail } from './envelopes/EnvelopeDetail';
import { EnvelopeStatusTag } from './envelopes/EnvelopeStatusTag';
import { ReceiveEnvelopeCard } from './envelopes/ReceiveEnvelopeCard';
import { StartEnvelopeDialog } from './envelopes/StartEnvelopeDialog';

export default function EnvelopesPage() {
  const { t } = useTranslation();
  const envelopes = useCall(() => affix().envelopes.list({}));
  const documents = useCall(() => affix().documents.list({}));
  const orgs = useCall(() => affix().orgs.list({}));
  const [starting, setStarting] = useState(false);
  const [opened, setOpened] = useState<string | null>(null);
  const reload = () => {
    envelopes.reload();
    documents.reload();
  };
  const docName = (id: string) => (documents.status === 'ok' ? documents.value.find((d) => d.id === id)?.name : undefined) ?? id;
  const inEnvelope = new Set(envelopes.status === 'ok' ? envelopes.value.map((e) => e.documentId) : []);
  const candidates = documents.status === 'ok' ? documents.value.filter((d) => !inEnvelope.has(d.id)).map((d) => ({ id: d.id, name: d.name })) : [];
  const ourUscc = orgs.status === 'ok' && orgs.value.length === 1 ? orgs.value[0].uscc : null;
  const current = envelopes.status === 'ok' ? envelopes.value.find((e) => e.envelopeId === opened) : undefined;

  return (
    <>
      <PageHeader title={t('envelopes.title')} subtitle={t('envelopes.subtitle')} />
      <Flex gap={16} wrap style={{ marginBottom: 16 }}>
        <ReceiveEnvelopeCard onImported={reload} />
        <Card title={t('envelopes.start.cardTitle')} style={{ flex: '1 1 360px' }}>
          <Typography.Paragraph type="secondary">{t('envelopes.start.cardHelp')}</Typography.Paragraph>
          <Button type="primary" icon={<SendOutlined />} disabled={candidates.length === 0} onClick={() => setStarting(true)} data-testid="envelope-start">
            {t('envelopes.start.open')}
          </Button>
          {documents.status === 'ok' && candidates.length === 0 && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              {t('envelopes.start.noDocuments')}
            </Typography.Paragraph>
          )}
        </Card>
      </Flex>
      <Card title={t('envelopes.list.title')}>
        {envelopes.status === 'error' ? (
          <ErrorAlert error={envelopes.error} />
        ) : (
          <Table<EnvelopeSummaryView>
            rowKey="envelopeId"
            loading={envelopes.status === 'loading'}
            dataSource={envelopes.status === 'ok' ? envelopes.value : []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: <Empty description={t('envelopes.list.empty')} /> }}
            onRow={(e) => ({ onClick: () => setOpened(e.envelopeId), style: { cursor: 'pointer' } })}
            data-testid="envelope-list"
            columns={[
              { title: t('envelopes.list.document'), key: 'doc', render: (_, e) => <Typography.Text strong>{docName(e.documentId)}</Typography.Text> },
              { title: t('envelopes.initiator'), key: 'initiator', render: (_, e) => e.initiator.name },
              {
                title: t('envelopes.list.progress'),
                key: 'progress',
                render: (_, e) => t('envelopes.list.signedOf', { signed: e.steps.filter((s) => s.signed).length, total: e.steps.length }),
              },
              { title: t('envelopes.statusLabel'), key: 'status', render: (_, e) => <EnvelopeStatusTag envelope={e} /> },
              {
                title: t('envelopes.list.actions'),
                key: 'open',
                render: (_, e) => (
                  <Button size="small" onClick={() => setOpened(e.envelopeId)} data-testid="envelope-open">
                    {t('envelopes.list.open')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Card>
      {starting && (
        <StartEnvelopeDialog
          candidates={candidates}
          onClose={() => setStarting(false)}
          onDone={() => {
            setStarting(false);
            reload();
          }}
        />
      )}
      {current && (
        <EnvelopeDetail envelope={current} documentName={docName(current.documentId)} ourUscc={ourUscc} onClose={() => setOpened(null)} onChanged={reload} />
      )}
    </>
  );
}
