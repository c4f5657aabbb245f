/**
 * Putting a document with a signing order into an envelope for the first
 * time: each step is signed either here or by an outside organisation, named
 * with its legal name, USCC and its root CA certificate (a file chosen or
 * dropped, obtained from it out of band). The initiator signs the order; the
 * envelope is saved for the next party.
 */
import { App, Card, Empty, Flex, Form, Input, Modal, Radio, Select, Skeleton, Typography, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { affix, type AffixCallError, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FileDrop, type PickedFile } from '../../components/FileDrop';
import { useAction } from '../../use-action';
import { useCall } from '../../use-call';
import { saveEnvelope } from './EnvelopeActionDialog';

type Signer = { kind: 'ours' } | { kind: 'outside'; name: string; uscc: string; root: PickedFile | null };

const USCC = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

export function StartEnvelopeDialog({ candidates, onClose, onDone }: { candidates: { id: string; name: string }[]; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [documentId, setDocumentId] = useState<string | undefined>(candidates[0]?.id);
  const [signers, setSigners] = useState<Record<number, Signer>>({});
  const [passphrase, setPassphrase] = useState('');
  const [fileError, setFileError] = useState<AffixCallError | null>(null);
  const plan = useCall(() => (documentId ? affix().plans.get({ documentId }) : Promise.resolve({ ok: true as const, value: null })), [documentId]);
  const steps = plan.status === 'ok' && plan.value ? plan.value.steps : [];
  const signerOf = (step: number): Signer => signers[step] ?? { kind: 'ours' };
  const setSigner = (step: number, s: Signer) => setSigners((all) => ({ ...all, [step]: s }));
  const outside = steps
    .map((s) => ({ step: s.step, signer: signerOf(s.step) }))
    .filter((x): x is { step: number; signer: Extract<Signer, { kind: 'outside' }> } => x.signer.kind === 'outside');
  const complete =
    !!documentId &&
    steps.length > 0 &&
    passphrase.length > 0 &&
    outside.length > 0 &&
    outside.every((o) => o.signer.name.trim() && USCC.test(o.signer.uscc) && o.signer.root);

  const run = useAction(
    () =>
      unwrap(
        affix().envelopes.export({
          documentId: documentId!,
          passphrase,
          parties: outside.map((o) => ({
            step: o.step,
            name: o.signer.name.trim(),
            uscc: o.signer.uscc,
            root: { name: o.signer.root!.name, base64: o.signer.root!.base64 },
          })),
        }),
      ),
    (file) => {
      saveEnvelope(file);
      void message.success(t('envelopes.actions.saved', { file: file.fileName }));
      onDone();
    },
  );

  return (
    <Modal
      open
      width={760}
      title={t('envelopes.start.title')}
      okText={t('envelopes.start.submit')}
      cancelText={t('envelopes.cancel')}
      okButtonProps={{ disabled: !complete, 'data-testid': 'envelope-start-submit' } as ButtonProps}
      onOk={() => void run.submit(undefined)}
      onCancel={onClose}
      confirmLoading={run.running}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('envelopes.start.help')}</Typography.Paragraph>
      <Form layout="vertical" requiredMark={false}>
        <Form.Item label={t('envelopes.start.document')}>
          <Select
            value={documentId}
            onChange={(id) => {
              setDocumentId(id);
              setSigners({});
            }}
            options={candidates.map((d) => ({ value: d.id, label: d.name }))}
            data-testid="envelope-start-document"
            aria-label={t('envelopes.start.document')}
          />
        </Form.Item>
        {plan.status === 'loading' && <Skeleton active />}
        {plan.status === 'error' && <ErrorAlert error={plan.error} />}
        {plan.status === 'ok' && !plan.value && <Empty description={t('envelopes.start.noPlan')} />}
        <Flex vertical gap={8}>
          {steps.map((s) => {
            const signer = signerOf(s.step);
            return (
              <Card size="small" key={s.step} title={t('envelopes.start.step', { step: s.step, label: s.label })} data-testid={`envelope-start-step-${s.step}`}>
                <Radio.Group
                  value={signer.kind}
                  onChange={(e) => setSigner(s.step, e.target.value === 'ours' ? { kind: 'ours' } : { kind: 'outside', name: '', uscc: '', root: null })}
                  options={[
                    { value: 'ours', label: t('envelopes.start.ours') },
                    { value: 'outside', label: t('envelopes.start.outside') },
                  ]}
                />
                {signer.kind === 'outside' && (
                  <Flex vertical gap={8} style={{ marginTop: 8 }}>
                    <Flex gap={8} wrap>
                      <Input
                        style={{ flex: '2 1 220px' }}
                        placeholder={t('envelopes.start.partyName')}
                        aria-label={t('envelopes.start.partyName')}
                        value={signer.name}
                        data-testid={`envelope-party-name-${s.step}`}
                        onChange={(e) => setSigner(s.step, { ...signer, name: e.target.value })}
                      />
                      <Input
                        style={{ flex: '1 1 200px' }}
                        className="affix-mono"
                        placeholder={t('envelopes.start.partyUscc')}
                        aria-label={t('envelopes.start.partyUscc')}
                        value={signer.uscc}
                        status={signer.uscc && !USCC.test(signer.uscc) ? 'error' : undefined}
                        data-testid={`envelope-party-uscc-${s.step}`}
                        onChange={(e) => setSigner(s.step, { ...signer, uscc: e.target.value.trim().toUpperCase() })}
                      />
                    </Flex>
                    <FileDrop
                      label={signer.root ? t('envelopes.start.rootChosen', { name: signer.root.name }) : t('envelopes.start.rootDrop')}
                      hint={t('envelopes.start.rootHint')}
                      accept=".pem,.cer,.crt,.der"
                      testId={`envelope-party-root-${s.step}`}
                      onFile={(file) => setSigner(s.step, { ...signer, root: file })}
                      onError={setFileError}
                    />
                  </Flex>
                )}
              </Card>
            );
          })}
        </Flex>
        {steps.length > 0 && (
          <Form.Item label={t('envelopes.passphrase')} extra={t('envelopes.passphraseHelp')} style={{ marginTop: 12 }}>
            <Input.Password
              autoComplete="off"
              aria-label={t('envelopes.passphrase')}
              value={passphrase}
              onChange={(e) => setPassphrase(e.target.value)}
              data-testid="envelope-start-passphrase"
            />
          </Form.Item>
        )}
      </Form>
      {fileError && <ErrorAlert error={fileError} />}
      {run.error && <ErrorAlert error={run.error} title={t('envelopes.actions.failed')} />}
    </Modal>
  );
}
