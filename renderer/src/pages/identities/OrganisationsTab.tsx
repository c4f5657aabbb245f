/**
 * Organisations and their certificate authorities. Creating one checks the
 * unified social credit code as it is typed (GB 32100, shared validator) and,
 * in the main process, makes the root CA, the issuing CA and the seal-making key.
 */
import { App, Button, Card, Flex, Form, Input, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { OrgSchema } from '../../../../shared/contract/org';
import { validateUscc } from '../../../../shared/identity/uscc';
import { affix, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../format';
import { useLanguage } from '../../language';
import { useCall } from '../../use-call';
import { LiveCheck } from './live-check';
import { PassphraseItem } from './PassphraseItem';
import { useAction } from '../../use-action';

type Org = z.infer<typeof OrgSchema>;

interface CreateOrgForm {
  legalName: string;
  uscc: string;
  passphrase: string;
}

const Serial = ({ value }: { value: string }) => (
  <Typography.Text className="affix-mono" copyable={{ text: value }}>
    {value.length > 16 ? `${value.slice(0, 16)}…` : value}
  </Typography.Text>
);

export function OrganisationsTab() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const orgs = useCall(() => affix().orgs.list({}));
  const [form] = Form.useForm<CreateOrgForm>();
  const uscc = Form.useWatch('uscc', form);
  const create = useAction(
    (v: CreateOrgForm) =>
      unwrap(affix().orgs.create({ legalName: v.legalName, uscc: v.uscc.trim().toUpperCase(), representatives: [], passphrase: v.passphrase })),
    (org) => {
      void message.success(t('identities.orgs.created', { name: org.legalName }));
      form.resetFields();
      orgs.reload();
    },
  );
  return (
    <Flex vertical gap={16}>
      <Card title={t('identities.orgs.createTitle')}>
        <Form<CreateOrgForm> form={form} layout="vertical" requiredMark={false} onFinish={create.submit} data-testid="org-create-form">
          <Flex gap={16} wrap>
            <Form.Item
              name="legalName"
              label={t('identities.orgs.legalName')}
              rules={[{ required: true, whitespace: true, message: t('identities.required') }]}
              style={{ flex: '2 1 300px' }}
            >
              <Input data-testid="org-legal-name" />
            </Form.Item>
            <Form.Item
              name="uscc"
              label={t('identities.orgs.uscc')}
              rules={[{ required: true, message: t('identities.required') }]}
              extra={<LiveCheck result={uscc?.trim() ? validateUscc(uscc.trim().toUpperCase()) : null} catalogue="uscc" testId="org-uscc-check" />}
              style={{ flex: '1 1 240px' }}
            >
              <Input className="affix-mono" maxLength={18} data-testid="org-uscc" />
            </Form.Item>
          </Flex>
          <PassphraseItem testId="org-passphrase" />
          <Typography.Paragraph type="secondary">{t('identities.orgs.help')}</Typography.Paragraph>
          <Button type="primary" htmlType="submit" loading={create.running} data-testid="org-create-submit">
            {t('identities.orgs.create')}
          </Button>
        </Form>
        {create.error && <ErrorAlert error={create.error} title={t('identities.orgs.createFailed')} style={{ marginTop: 12 }} />}
      </Card>
      <Card title={t('identities.orgs.listTitle')}>
        {orgs.status === 'error' ? (
          <ErrorAlert error={orgs.error} />
        ) : (
          <Table<Org>
            data-testid="orgs-table"
            rowKey="id"
            size="middle"
            loading={orgs.status === 'loading'}
            dataSource={orgs.status === 'ok' ? orgs.value : []}
            locale={{ emptyText: t('identities.orgs.empty') }}
            pagination={false}
            columns={[
              { title: t('identities.orgs.legalName'), dataIndex: 'legalName' },
              { title: t('identities.orgs.uscc'), dataIndex: 'uscc', render: (v: string) => <Typography.Text className="affix-mono">{v}</Typography.Text> },
              { title: t('identities.orgs.rootCa'), dataIndex: 'rootSerial', render: (v: string) => <Serial value={v} /> },
              { title: t('identities.orgs.issuingCa'), dataIndex: 'issuingSerial', render: (v: string) => <Serial value={v} /> },
              { title: t('identities.orgs.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, language) },
            ]}
          />
        )}
      </Card>
    </Flex>
  );
}
