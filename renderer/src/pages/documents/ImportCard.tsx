/**
 * Importing a PDF: dropped on the page or chosen in the file dialog (the
 * window reads the bytes: documents.importBytes); never by a typed path. The
 * main process copies it into the workspace and anchors it; the optional
 * display name applies.
 */
import { App, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary } from '../../../../shared/contract/documents';
import { type AffixCallError, affix, asCallError, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FileDrop, type PickedFile } from '../../components/FileDrop';

interface ImportForm {
  name?: string;
}

export function ImportCard({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ImportForm>();
  const [importing, setImporting] = useState(false);
  const [importError, setImportError] = useState<AffixCallError | null>(null);

  const run = async (call: () => Promise<DocumentSummary>) => {
    setImporting(true);
    setImportError(null);
    try {
      const doc = await call();
      void message.success(t('documents.imported', { name: doc.name }));
      form.resetFields();
      onImported();
    } catch (error) {
      setImportError(asCallError(error));
    } finally {
      setImporting(false);
    }
  };
  const displayName = (): string | undefined => (form.getFieldValue('name') as string | undefined)?.trim() || undefined;
  const onFile = (file: PickedFile) => run(() => unwrap(affix().documents.importBytes({ name: displayName() ?? file.name, base64: file.base64 })));

  return (
    <Card title={t('documents.import.title')}>
      <FileDrop
        label={t('fileDrop.pdfLabel')}
        hint={t('fileDrop.pdfHint')}
        accept=".pdf,application/pdf"
        disabled={importing}
        testId="documents-import-drop"
        onFile={onFile}
        onError={setImportError}
      />
      <Form form={form} layout="vertical" requiredMark={false} data-testid="documents-import-form" style={{ marginTop: 12 }}>
        <Form.Item name="name" label={t('documents.import.name')} style={{ marginBottom: 0 }}>
          <Input placeholder={t('documents.import.namePlaceholder')} data-testid="documents-import-name" />
        </Form.Item>
      </Form>
      <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
        {t('documents.import.help')}
      </Typography.Paragraph>
      {importError && <ErrorAlert error={importError} title={t('documents.import.failed')} style={{ marginTop: 12 }} />}
    </Card>
  );
}
