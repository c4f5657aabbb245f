/** One envelope: its initiator, parties with fingerprints, steps (whose, signed or not) and what this organisation can do next. */
import { CheckCircleOutlined, ClockCircleOutlined } from '@ant-design/icons';
import { Button, Descriptions, Drawer, Flex, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnvelopeSummaryView } from '../../../../shared/contract/signing-envelopes';
import { StateTag } from '../../components/StateTag';
import { EnvelopeActionDialog, type EnvelopeAction } from './EnvelopeActionDialog';
import { EnvelopeStatusTag } from './EnvelopeStatusTag';
import { PartiesTable } from './PartiesTable';

export function EnvelopeDetail({
  envelope,
  documentName,
  ourUscc,
  onClose,
  onChanged,
}: {
  envelope: EnvelopeSummaryView;
  documentName: string;
  ourUscc: string | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [action, setAction] = useState<EnvelopeAction | null>(null);
  const nameOf = (uscc: string) => envelope.parties.find((p) => p.uscc === uscc)?.name ?? uscc;
  const open = envelope.status === 'open';
  return (
    <Drawer open width={720} title={t('envelopes.detail.title', { name: documentName })} onClose={onClose} data-testid="envelope-detail" destroyOnHidden>
      <Flex vertical gap={16}>
        <Descriptions
          size="small"
          column={1}
          bordered
          items={[
            { key: 'status', label: t('envelopes.statusLabel'), children: <EnvelopeStatusTag envelope={envelope} /> },
            ...(envelope.reason ? [{ key: 'reason', label: t('envelopes.reason'), children: envelope.reason }] : []),
            { key: 'initiator', label: t('envelopes.initiator'), children: envelope.initiator.name },
            { key: 'sequence', label: t('envelopes.detail.sequence'), children: envelope.sequence },
          ]}
        />
        <div>
          <Typography.Title level={5}>{t('envelopes.steps')}</Typography.Title>
          <List
            size="small"
            bordered
            dataSource={envelope.steps}
            data-testid="envelope-steps"
            renderItem={(s) => (
              <List.Item>
                <Flex justify="space-between" style={{ width: '100%' }} gap={8}>
                  <span>{t('envelopes.stepLine', { step: s.step, label: s.label, party: nameOf(s.party) })}</span>
                  <Space>
                    {s.ours && <Typography.Text type="secondary">{t('envelopes.detail.ours')}</Typography.Text>}
                    {s.signed ? (
                      <StateTag tone="ok" quiet icon={CheckCircleOutlined}>
                        {t('envelopes.detail.signed')}
                      </StateTag>
                    ) : (
                      <StateTag tone="neutral" quiet icon={ClockCircleOutlined}>
                        {t('envelopes.detail.pending')}
                      </StateTag>
                    )}
                  </Space>
                </Flex>
              </List.Item>
            )}
          />
        </div>
        <div>
          <Typography.Title level={5}>{t('envelopes.parties')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('envelopes.detail.fingerprintHelp')}</Typography.Paragraph>
          <PartiesTable parties={envelope.parties} />
        </div>
        {open && (
          <Typography.Paragraph data-testid="envelope-next">
            {envelope.next === null
              ? t('envelopes.detail.allSigned')
              : envelope.ourTurn
                ? t('envelopes.detail.signHere', { step: envelope.next })
                : t('envelopes.detail.sendOn', { party: nameOf(envelope.steps[envelope.next - 1]?.party ?? '') })}
          </Typography.Paragraph>
        )}
        <Space wrap>
          <Button type="primary" disabled={!open} onClick={() => setAction('send')} data-testid="envelope-send">
            {t('envelopes.actions.send')}
          </Button>
          <Button danger disabled={!open} onClick={() => setAction('decline')} data-testid="envelope-decline">
            {t('envelopes.actions.decline')}
          </Button>
          {ourUscc === envelope.initiator.uscc && (
            <Button danger disabled={!open} onClick={() => setAction('void')} data-testid="envelope-void">
              {t('envelopes.actions.void')}
            </Button>
          )}
        </Space>
      </Flex>
      {action && (
        <EnvelopeActionDialog
          action={action}
          documentId={envelope.documentId}
          documentName={documentName}
          onClose={() => setAction(null)}
          onDone={() => {
            setAction(null);
            onChanged();
          }}
        />
      )}
    </Drawer>
  );
}
