/**
 * Receiving an envelope: the file is dropped or chosen (never a typed path);
 * the window first reads what it claims (envelopes.peek) and asks the user to
 * confirm each unknown party's root fingerprint with that organisation out of
 * band, then imports it (envelopes.import), which checks everything before
 * keeping anything.
 */
import { Alert, App, Card, Checkbox, Descriptions, Modal, Typography, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnvelopePeek } from '../../../../shared/contract/signing-envelopes';
import { type AffixCallError, affix, asCallError, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FileDrop, type PickedFile } from '../../components/FileDrop';
import { PartiesTable } from './PartiesTable';

export function ReceiveEnvelopeCard({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<AffixCallError | null>(null);
  const [received, setReceived] = useState<{ file: PickedFile; peek: EnvelopePeek } | null>(null);
  const onFile = async (file: PickedFile) => {
    setError(null);
    try {
      setReceived({ file, peek: await unwrap(affix().envelopes.peek({ name: file.name, base64: file.base64 })) });
    } catch (e) {
      setError(asCallError(e));
    }
  };
  return (
    <Card title={t('envelopes.receive.title')} style={{ flex: '1 1 360px' }}>
      <FileDrop
        label={t('envelopes.receive.drop')}
        hint={t('envelopes.receive.hint')}
        accept=".affixenv,.asice,application/vnd.etsi.asic-e+zip"
        testId="envelope-drop"
        onFile={onFile}
        onError={setError}
      />
      {error && <ErrorAlert error={error} title={t('envelopes.receive.failed')} style={{ marginTop: 12 }} />}
      {received && (
        <ConfirmEnvelopeDialog
          file={received.file}
          peek={received.peek}
          onClose={() => setReceived(null)}
          onImported={() => {
            setReceived(null);
            onImported();
          }}
        />
      )}
    </Card>
  );
}

function ConfirmEnvelopeDialog({ file, peek, onClose, onImported }: { file: PickedFile; peek: EnvelopePeek; onClose: () => void; onImported: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [confirmed, setConfirmed] = useState<Set<string>>(new Set());
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<AffixCallError | null>(null);
  const unknown = peek.parties.filter((p) => !p.trusted);
  const nameOf = (uscc: string) => peek.parties.find((p) => p.uscc === uscc)?.name ?? uscc;
  const allConfirmed = unknown.every((p) => confirmed.has(p.uscc));

  const submit = async () => {
    setRunning(true);
    setError(null);
    try {
      const acceptRoots = unknown.filter((p) => confirmed.has(p.uscc)).map((p) => p.rootSha256);
      const summary = await unwrap(affix().envelopes.import({ name: file.name, base64: file.base64, acceptRoots }));
      void message.success(summary.ourTurn ? t('envelopes.receive.doneOurTurn', { step: summary.next }) : t('envelopes.receive.done'));
      onImported();
    } catch (e) {
      setError(asCallError(e));
    } finally {
      setRunning(false);
    }
  };
  return (
    <Modal
      open
      width={760}
      title={t('envelopes.receive.confirmTitle', { name: peek.documentName })}
      okText={t('envelopes.receive.import')}
      cancelText={t('envelopes.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={running}
      okButtonProps={{ disabled: !allConfirmed, 'data-testid': 'envelope-import-submit' } as ButtonProps}
      destroyOnHidden
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'from', label: t('envelopes.receive.from'), children: nameOf(peek.from) },
          { key: 'initiator', label: t('envelopes.initiator'), children: nameOf(peek.initiator) },
          {
            key: 'steps',
            label: t('envelopes.steps'),
            children: peek.steps.map((s) => <div key={s.step}>{t('envelopes.stepLine', { step: s.step, label: s.label, party: nameOf(s.party) })}</div>),
          },
          ...(peek.status !== 'open'
            ? [
                {
                  key: 'status',
                  label: t('envelopes.statusLabel'),
                  children: peek.status === 'declined' ? t('envelopes.status.declined') : t('envelopes.status.voided'),
                },
              ]
            : []),
          ...(peek.reason ? [{ key: 'reason', label: t('envelopes.reason'), children: peek.reason }] : []),
        ]}
      />
      {unknown.length > 0 ? (
        <Alert type="warning" showIcon style={{ margin: '12px 0' }} title={t('envelopes.receive.confirmHelp')} />
      ) : (
        <Alert type="success" showIcon style={{ margin: '12px 0' }} title={t('envelopes.receive.allKnown')} />
      )}
      <PartiesTable
        parties={peek.parties}
        extra={{
          title: t('envelopes.receive.confirmed'),
          render: (p) =>
            p.trusted ? (
              <Typography.Text type="secondary">{t('envelopes.receive.alreadyTrusted')}</Typography.Text>
            ) : (
              <Checkbox
                checked={confirmed.has(p.uscc)}
                data-testid={`envelope-confirm-${p.uscc}`}
                onChange={(e) => setConfirmed((c) => (e.target.checked ? new Set([...c, p.uscc]) : new Set([...c].filter((u) => u !== p.uscc))))}
              >
                {t('envelopes.receive.confirmBox')}
              </Checkbox>
            ),
        }}
      />
      {error && <ErrorAlert error={error} title={t('envelopes.receive.failed')} style={{ marginTop: 12 }} />}
    </Modal>
  );
}
