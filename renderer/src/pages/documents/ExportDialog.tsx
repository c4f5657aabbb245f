/**
 * Export a document as a court-ready proof package (.affixproof). The target
 * is chosen in the save dialog of the main process (a handle, never a typed
 * path). A document signed with a person's certificate needs the workspace
 * passphrase to read that certificate: the main process says so, and only
 * then does the dialog ask for it and try again.
 */
import { FolderOpenOutlined } from '@ant-design/icons';
import { App, Button, Form, Modal, Typography, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary } from '../../../../shared/contract/documents';
import type { SecretNeed } from '../../../../shared/errors/affix-error';
import { type AffixCallError, affix, asCallError, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NeededSecretField } from '../../components/NeededSecretField';
import { useAction } from '../../use-action';

interface ExportForm {
  passphrase?: string;
}

const suggestedName = (doc: DocumentSummary) => `${doc.name.replace(/\.pdf$/i, '')}.affixproof`;

export function ExportDialog({ doc, onClose }: { doc: DocumentSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ExportForm>();
  const [target, setTarget] = useState<{ handle: string; name: string } | null>(null);
  const [choosing, setChoosing] = useState<AffixCallError | null>(null);
  const [needs, setNeeds] = useState<{ need: SecretNeed; retrying: boolean } | null>(null);
  const run = useAction(
    async (v: ExportForm) => {
      if (!target) throw new Error(t('files.chooseTargetFirst'));
      try {
        return await unwrap(affix().proof.exportTo({ document: doc.id, target: target.handle, ...(v.passphrase ? { passphrase: v.passphrase } : {}) }));
      } catch (e) {
        const error = asCallError(e);
        // The main process names the secret it needs: ask for exactly that one, and say so when the one given was wrong.
        if (error.code === 'BAD_SECRET' && error.needs) {
          setNeeds({ need: error.needs, retrying: v.passphrase !== undefined });
          form.setFieldValue('passphrase', undefined);
          return null;
        }
        throw error;
      }
    },
    (r) => {
      if (!r) return;
      void message.success(t('documents.export.done', { path: target?.name ?? '', events: r.events }));
      onClose();
    },
  );
  const choose = async () => {
    setChoosing(null);
    try {
      const chosen = await unwrap(affix().files.save({ purpose: 'proof-package', suggestedName: suggestedName(doc) }));
      if (chosen) setTarget(chosen);
    } catch (e) {
      setChoosing(asCallError(e));
    }
  };
  return (
    <Modal
      open
      title={t('documents.export.title', { name: doc.name })}
      okText={needs ? t('secretPrompt.retry') : t('documents.export.submit')}
      cancelText={t('documents.sign.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={run.running}
      okButtonProps={{ 'data-testid': 'export-submit', disabled: !target } as ButtonProps}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('documents.export.help')}</Typography.Paragraph>
      <Form<ExportForm> form={form} layout="vertical" requiredMark={false} onFinish={run.submit}>
        <Form.Item label={t('documents.export.output')} extra={target ? undefined : t('files.targetHint')}>
          <Button icon={<FolderOpenOutlined />} onClick={() => void choose()} data-testid="export-choose">
            {target ? t('files.changeTarget') : t('files.chooseTarget')}
          </Button>
          {target && (
            <Typography.Text className="affix-mono" style={{ marginLeft: 8 }} data-testid="export-target">
              {target.name}
            </Typography.Text>
          )}
        </Form.Item>
        {needs && <NeededSecretField needs={needs.need} retrying={needs.retrying} name="passphrase" testId="export-passphrase" />}
      </Form>
      {choosing && <ErrorAlert error={choosing} title={t('files.dialogFailed')} />}
      {run.error && <ErrorAlert error={run.error} title={t('documents.export.failed')} />}
    </Modal>
  );
}
