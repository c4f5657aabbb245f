/** Certificate templates: the list, a preview of each (its fields filled with their own names), and adding one from files chosen or dropped. */
import { EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Image, Input, Modal, Skeleton, Table, Tag, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { CertTemplateSchema } from '../../../../shared/contract/certificates';
import { affix, type AffixCallError, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FileDrop, type PickedFile } from '../../components/FileDrop';
import { useAction } from '../../use-action';
import { useCall } from '../../use-call';

type Template = z.infer<typeof CertTemplateSchema>;

export function TemplatesCard({ templates, onAdded }: { templates: Template[] | null; onAdded: () => void }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const [previewing, setPreviewing] = useState<string | null>(null);
  const sources: Record<Template['source'], string> = {
    'field-map': t('certs.templates.sourceMap'),
    acroform: t('certs.templates.sourceForm'),
    both: t('certs.templates.sourceBoth'),
  };
  return (
    <Card
      title={t('certs.templates.title')}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="cert-template-add">
          {t('certs.templates.add')}
        </Button>
      }
    >
      {templates === null ? (
        <Skeleton active />
      ) : (
        <Table<Template>
          rowKey="name"
          size="small"
          pagination={false}
          dataSource={templates}
          locale={{ emptyText: <Empty description={t('certs.templates.empty')} /> }}
          data-testid="cert-templates"
          columns={[
            { title: t('certs.templates.name'), dataIndex: 'name' },
            { title: t('certs.templates.type'), dataIndex: 'type' },
            { title: t('certs.templates.source'), dataIndex: 'source', render: (s: Template['source']) => sources[s] },
            { title: t('certs.templates.fields'), dataIndex: 'fields', render: (f: string[]) => f.map((x) => <Tag key={x}>{x}</Tag>) },
            {
              title: t('certs.templates.preview'),
              key: 'preview',
              render: (_, tpl) => (
                <Button size="small" icon={<EyeOutlined />} onClick={() => setPreviewing(tpl.name)} data-testid="cert-template-preview">
                  {t('certs.templates.preview')}
                </Button>
              ),
            },
          ]}
        />
      )}
      {adding && (
        <AddTemplateDialog
          onClose={() => setAdding(false)}
          onDone={() => {
            setAdding(false);
            onAdded();
          }}
        />
      )}
      {previewing && <PreviewDialog name={previewing} onClose={() => setPreviewing(null)} />}
    </Card>
  );
}

function PreviewDialog({ name, onClose }: { name: string; onClose: () => void }) {
  const { t } = useTranslation();
  const preview = useCall(() => affix().certificates.preview({ name }), [name]);
  return (
    <Modal open width={720} title={t('certs.templates.previewTitle', { name })} footer={null} onCancel={onClose} destroyOnHidden>
      {preview.status === 'loading' && <Skeleton.Image active style={{ width: 600, height: 400 }} />}
      {preview.status === 'error' && <ErrorAlert error={preview.error} />}
      {preview.status === 'ok' && (
        <Image
          src={`data:image/png;base64,${preview.value.png}`}
          alt={t('certs.templates.previewAlt', { name })}
          preview={false}
          data-testid="cert-template-preview-image"
        />
      )}
    </Modal>
  );
}

interface AddForm {
  name: string;
  type?: string;
}

function AddTemplateDialog({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AddForm>();
  const [pdf, setPdf] = useState<PickedFile | null>(null);
  const [fields, setFields] = useState<PickedFile | null>(null);
  const [fileError, setFileError] = useState<AffixCallError | null>(null);
  const run = useAction(
    (v: AddForm) =>
      unwrap(
        affix().certificates.addTemplate({
          name: v.name.trim(),
          type: v.type?.trim() || undefined,
          pdf: { name: pdf!.name, base64: pdf!.base64 },
          fields: fields ? { name: fields.name, base64: fields.base64 } : undefined,
        }),
      ),
    (tpl) => {
      void message.success(t('certs.templates.added', { name: tpl.name }));
      onDone();
    },
  );
  return (
    <Modal
      open
      title={t('certs.templates.addTitle')}
      okText={t('certs.templates.addSubmit')}
      cancelText={t('certs.cancel')}
      okButtonProps={{ disabled: !pdf, 'data-testid': 'cert-template-submit' } as ButtonProps}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={run.running}
      destroyOnHidden
    >
      <Form<AddForm> form={form} layout="vertical" requiredMark={false} onFinish={run.submit}>
        <Form.Item
          name="name"
          label={t('certs.templates.name')}
          extra={t('certs.templates.nameHelp')}
          rules={[{ required: true, whitespace: true, message: t('certs.required') }]}
        >
          <Input data-testid="cert-template-name" />
        </Form.Item>
        <Form.Item name="type" label={t('certs.templates.type')} extra={t('certs.templates.typeHelp')}>
          <Input data-testid="cert-template-type" />
        </Form.Item>
      </Form>
      <FileDrop
        label={pdf ? t('certs.templates.pdfChosen', { name: pdf.name }) : t('certs.templates.pdfDrop')}
        hint={t('certs.templates.pdfHint')}
        accept=".pdf,application/pdf"
        testId="cert-template-pdf"
        onFile={setPdf}
        onError={setFileError}
      />
      <div style={{ height: 12 }} />
      <FileDrop
        label={fields ? t('certs.templates.mapChosen', { name: fields.name }) : t('certs.templates.mapDrop')}
        hint={t('certs.templates.mapHint')}
        accept=".json,application/json"
        testId="cert-template-map"
        onFile={setFields}
        onError={setFileError}
      />
      {fileError && <ErrorAlert error={fileError} style={{ marginTop: 12 }} />}
      {run.error && <ErrorAlert error={run.error} title={t('certs.templates.addFailed')} style={{ marginTop: 12 }} />}
    </Modal>
  );
}
