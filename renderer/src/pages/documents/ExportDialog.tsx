/**
 * Export a document as a court-ready proof package (.affixproof). The main
 * process assembles and seals it and anchors the export itself; the file can
 * then be checked by anyone, offline, on the Verify page or with verify.html.
 */
import { App, Form, Input, Modal, Typography, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary } from '../../../../shared/contract/documents';
import { affix, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../use-action';

interface ExportForm {
  output: string;
}

export function ExportDialog({ doc, onClose }: { doc: DocumentSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ExportForm>();
  const run = useAction(
    (v: ExportForm) => unwrap(affix().proof.export({ document: doc.id, output: v.output.trim() })),
    (r) => {
      void message.success(t('documents.export.done', { path: r.path, events: r.events }));
      onClose();
    },
  );
  return (
    <Modal
      open
      title={t('documents.export.title', { name: doc.name })}
      okText={t('documents.export.submit')}
      cancelText={t('documents.sign.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={run.running}
      okButtonProps={{ 'data-testid': 'export-submit' } as ButtonProps}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('documents.export.help')}</Typography.Paragraph>
      <Form<ExportForm> form={form} layout="vertical" requiredMark={false} onFinish={run.submit}>
        <Form.Item name="output" label={t('documents.export.output')} rules={[{ required: true, whitespace: true, message: t('documents.sign.required') }]}>
          <Input className="affix-mono" placeholder="/path/to/case.affixproof" data-testid="export-output" />
        </Form.Item>
      </Form>
      {run.error && <ErrorAlert error={run.error} title={t('documents.export.failed')} />}
    </Modal>
  );
}
