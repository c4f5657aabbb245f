/**
 * What one token holds. Certificates are public and listed at once; private
 * keys appear only after a PIN, which goes to the main process for that one
 * listing (C_Login, then C_Logout) and is cleared from the form right away.
 */
import { Button, Card, Flex, Form, Input, Table, type TableColumnsType, Typography } from 'antd';
import { useEffect, useEffectEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Pkcs11Objects, Pkcs11Token } from '../../../../shared/contract/settings';
import { affix, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from './format-date';
import { useLanguage } from '../../language';
import { useAction } from '../../use-action';
import { Fingerprint } from './Fingerprint';

type Certificate = Pkcs11Objects['certificates'][number];
type PrivateKey = NonNullable<Pkcs11Objects['privateKeys']>[number];

export function TokenContents({ modulePath, token, onClose }: { modulePath: string; token: Pkcs11Token; onClose: () => void }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const [form] = Form.useForm<{ pin?: string }>();
  const [objects, setObjects] = useState<Pkcs11Objects | null>(null);
  const list = useAction((pin: string | undefined) => unwrap(affix().pkcs11.objects({ modulePath, slotId: token.slotId, pin })), setObjects);
  // Once per token (the component is keyed by slot): listing again is the user's "show" with a PIN.
  const listWithoutPin = useEffectEvent(() => list.submit(undefined));
  useEffect(() => listWithoutPin(), []);

  return (
    <Card
      size="small"
      style={{ marginTop: 12 }}
      data-testid="settings-token-contents"
      title={t('settings.pkcs11.objects.title', { label: token.label || token.slotId })}
      extra={
        <Button size="small" onClick={onClose} data-testid="settings-token-close">
          {t('settings.pkcs11.objects.close')}
        </Button>
      }
    >
      <Form<{ pin?: string }>
        form={form}
        layout="inline"
        onFinish={(v) => {
          form.resetFields();
          void list.submit(v.pin || undefined);
        }}
        style={{ marginBottom: 8 }}
      >
        <Form.Item name="pin" label={t('settings.pkcs11.objects.pin')}>
          <Input.Password autoComplete="off" data-testid="settings-token-pin" style={{ width: 200 }} />
        </Form.Item>
        <Button htmlType="submit" loading={list.running} data-testid="settings-token-list">
          {t('settings.pkcs11.objects.list')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary">{t('settings.pkcs11.objects.pinHelp')}</Typography.Paragraph>
      {list.error && <ErrorAlert error={list.error} title={t('settings.pkcs11.objects.failed')} style={{ marginBottom: 8 }} />}
      {objects && (
        <Flex vertical gap={12}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('settings.pkcs11.objects.certificates')}
          </Typography.Title>
          <ObjectTable<Certificate>
            testId="settings-token-certificates"
            rows={objects.certificates}
            empty={t('settings.pkcs11.objects.noCertificates')}
            columns={[
              { title: t('settings.pkcs11.objects.subject'), dataIndex: 'subject' },
              { title: t('settings.pkcs11.objects.notAfter'), dataIndex: 'notAfter', render: (v: string) => formatDate(v, language) },
              { title: t('settings.fingerprint'), dataIndex: 'sha256', render: (v: string) => <Fingerprint value={v} /> },
            ]}
          />
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('settings.pkcs11.objects.privateKeys')}
          </Typography.Title>
          {objects.privateKeys === null ? (
            <Typography.Text type="secondary" data-testid="settings-token-keys-need-pin">
              {t('settings.pkcs11.objects.keysNeedPin')}
            </Typography.Text>
          ) : (
            <ObjectTable<PrivateKey>
              testId="settings-token-keys"
              rows={objects.privateKeys}
              empty={t('settings.pkcs11.objects.noKeys')}
              columns={[{ title: t('settings.pkcs11.objects.keyType'), dataIndex: 'keyType' }]}
            />
          )}
        </Flex>
      )}
    </Card>
  );
}

/** Token objects are named by label and CKA_ID (the id pairs a key with its certificate); the rest varies by kind. */
function ObjectTable<T extends { label: string; id: string }>({
  testId,
  rows,
  empty,
  columns,
}: {
  testId: string;
  rows: T[];
  empty: string;
  columns: TableColumnsType<T>;
}) {
  const { t } = useTranslation();
  return (
    <Table<T>
      data-testid={testId}
      rowKey={(o) => JSON.stringify(o)}
      size="small"
      pagination={false}
      dataSource={rows}
      locale={{ emptyText: empty }}
      columns={[
        { title: t('settings.pkcs11.objects.label'), dataIndex: 'label' },
        {
          title: t('settings.pkcs11.objects.id'),
          dataIndex: 'id',
          render: (v: string) => <Typography.Text className="affix-mono">{v || '—'}</Typography.Text>,
        },
        ...columns,
      ]}
    />
  );
}
