/**
 * Sending an envelope on (or declining, or voiding it): each is a new state
 * signed with the organisation's key, so the workspace passphrase is asked;
 * decline needs a reason and void may carry one. The envelope comes back as
 * bytes and is saved where the user chooses.
 */
import { App, Form, Input, Modal, Typography, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { EnvelopeFileSchema } from '../../../../shared/contract/signing-envelopes';
import { affix, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { saveFile } from '../../save-file';
import { useAction } from '../../use-action';

export type EnvelopeAction = 'send' | 'decline' | 'void';
type EnvelopeFile = z.infer<typeof EnvelopeFileSchema>;

interface ActionForm {
  passphrase: string;
  reason?: string;
}

export const saveEnvelope = (file: EnvelopeFile) => saveFile(file.fileName, file.base64, 'application/vnd.etsi.asic-e+zip');

export function EnvelopeActionDialog({
  action,
  documentId,
  documentName,
  onClose,
  onDone,
}: {
  action: EnvelopeAction;
  documentId: string;
  documentName: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ActionForm>();
  const titles: Record<EnvelopeAction, string> = {
    send: t('envelopes.actions.sendTitle', { name: documentName }),
    decline: t('envelopes.actions.declineTitle', { name: documentName }),
    void: t('envelopes.actions.voidTitle', { name: documentName }),
  };
  const helps: Record<EnvelopeAction, string> = {
    send: t('envelopes.actions.sendHelp'),
    decline: t('envelopes.actions.declineHelp'),
    void: t('envelopes.actions.voidHelp'),
  };
  const submits: Record<EnvelopeAction, string> = {
    send: t('envelopes.actions.send'),
    decline: t('envelopes.actions.decline'),
    void: t('envelopes.actions.void'),
  };
  const run = useAction(
    (v: ActionForm) => {
      const reason = v.reason?.trim() || undefined;
      if (action === 'send') return unwrap(affix().envelopes.export({ documentId, passphrase: v.passphrase }));
      if (action === 'decline') return unwrap(affix().envelopes.decline({ documentId, passphrase: v.passphrase, reason: reason ?? '' }));
      return unwrap(affix().envelopes.void({ documentId, passphrase: v.passphrase, reason }));
    },
    (file) => {
      saveEnvelope(file);
      void message.success(t('envelopes.actions.saved', { file: file.fileName }));
      onDone();
    },
  );
  return (
    <Modal
      open
      title={titles[action]}
      okText={submits[action]}
      cancelText={t('envelopes.cancel')}
      okButtonProps={{ danger: action !== 'send', 'data-testid': 'envelope-action-submit' } as ButtonProps}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={run.running}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{helps[action]}</Typography.Paragraph>
      <Form<ActionForm> form={form} layout="vertical" requiredMark={false} onFinish={run.submit}>
        {action !== 'send' && (
          <Form.Item
            name="reason"
            label={t('envelopes.reason')}
            rules={action === 'decline' ? [{ required: true, whitespace: true, message: t('envelopes.reasonRequired') }] : []}
          >
            <Input.TextArea maxLength={500} rows={2} data-testid="envelope-action-reason" />
          </Form.Item>
        )}
        <Form.Item
          name="passphrase"
          label={t('envelopes.passphrase')}
          extra={t('envelopes.passphraseHelp')}
          rules={[{ required: true, message: t('envelopes.passphraseRequired') }]}
        >
          <Input.Password autoComplete="off" data-testid="envelope-action-passphrase" />
        </Form.Item>
      </Form>
      {run.error && <ErrorAlert error={run.error} title={t('envelopes.actions.failed')} />}
    </Modal>
  );
}
