/**
 * Creates a TSA (`affix tsa init`): a name, the organisation whose CA issues
 * its certificate (asked only when there are several), an optional policy
 * OID. Its key is sealed in the vault, so the main process asks for the
 * workspace passphrase; only then does the dialog show the field.
 */
import { App, Form, Input, Modal, Select, Typography, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { OrgSchema } from '../../../../shared/contract/org';
import { affix, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NeededSecretField } from '../../components/NeededSecretField';
import { useAction } from '../../use-action';
import { askingForSecret, type Needed } from './ask-secret';

type Org = z.infer<typeof OrgSchema>;

interface CreateForm {
  name: string;
  orgId?: string;
  oid?: string;
  passphrase?: string;
}

const OID = /^[0-2](\.(0|[1-9]\d{0,8}))+$/;

export function CreateTsaDialog({ orgs, onClose, onCreated }: { orgs: Org[]; onClose: () => void; onCreated: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateForm>();
  const [needs, setNeeds] = useState<Needed>(null);
  const run = useAction(
    (v: CreateForm) =>
      askingForSecret(
        () =>
          unwrap(
            affix().timestamps.createAuthority({
              name: v.name.trim(),
              ...(v.orgId ? { orgId: v.orgId } : {}),
              ...(v.oid?.trim() ? { oid: v.oid.trim() } : {}),
              ...(v.passphrase ? { passphrase: v.passphrase } : {}),
            }),
          ),
        v.passphrase !== undefined,
        (n) => {
          setNeeds(n);
          form.setFieldValue('passphrase', undefined);
        },
      ),
    (created) => {
      if (!created) return;
      void message.success(t('timestamps.create.done', { name: created.name }));
      onCreated();
    },
  );
  return (
    <Modal
      open
      title={t('timestamps.create.title')}
      okText={needs ? t('secretPrompt.retry') : t('timestamps.create.submit')}
      cancelText={t('timestamps.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={run.running}
      okButtonProps={{ 'data-testid': 'tsa-create-submit' } as ButtonProps}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('timestamps.create.help')}</Typography.Paragraph>
      <Form<CreateForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={run.submit}
        initialValues={{ orgId: orgs.length === 1 ? orgs[0].id : undefined }}
      >
        <Form.Item
          name="name"
          label={t('timestamps.create.name')}
          extra={t('timestamps.create.nameHint')}
          rules={[{ required: true, whitespace: true, message: t('timestamps.create.nameRequired') }, { max: 200 }]}
        >
          <Input autoFocus data-testid="tsa-create-name" />
        </Form.Item>
        {orgs.length > 1 && (
          <Form.Item name="orgId" label={t('timestamps.create.org')} rules={[{ required: true, message: t('timestamps.create.orgRequired') }]}>
            <Select data-testid="tsa-create-org" options={orgs.map((o) => ({ value: o.id, label: o.legalName }))} />
          </Form.Item>
        )}
        <Form.Item
          name="oid"
          label={t('timestamps.create.oid')}
          extra={t('timestamps.create.oidHint')}
          rules={[
            { validator: async (_, v?: string) => void (v?.trim() && !OID.test(v.trim()) && Promise.reject(new Error(t('timestamps.create.oidInvalid')))) },
          ]}
        >
          <Input className="affix-mono" placeholder="0.4.0.2023.1.1" data-testid="tsa-create-oid" />
        </Form.Item>
        {needs && <NeededSecretField needs={needs.need} retrying={needs.retrying} name="passphrase" testId="tsa-create-passphrase" />}
      </Form>
      {run.error && <ErrorAlert error={run.error} title={t('timestamps.create.failed')} />}
    </Modal>
  );
}
