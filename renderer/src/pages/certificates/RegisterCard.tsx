/**
 * The register of issued certificates: search by number or holder, save a
 * certificate's PDF, revoke one (with a reason), and publish the signed
 * status list verifiers check against.
 */
import { CloudUploadOutlined, DownloadOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Input, InputNumber, Modal, Select, Space, Table, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CERT_REVOCATION_REASONS, type CertRegisterRow } from '../../../../shared/contract/certificates';
import { affix, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { StateTag } from '../../components/StateTag';
import { formatDateTime } from '../../format';
import { useLanguage } from '../../language';
import { saveFile } from '../../save-file';
import { personLabel } from '../../signer-labels';
import { useAction } from '../../use-action';
import { useCall } from '../../use-call';

type Reason = (typeof CERT_REVOCATION_REASONS)[number];

function useReasonWords(): Record<Reason, string> {
  const { t } = useTranslation();
  return {
    revoked: t('certs.reasons.revoked'),
    superseded: t('certs.reasons.superseded'),
    withdrawn: t('certs.reasons.withdrawn'),
    error: t('certs.reasons.error'),
    fraud: t('certs.reasons.fraud'),
    cessation: t('certs.reasons.cessation'),
  };
}

export function RegisterCard({ generation }: { generation: number }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const [search, setSearch] = useState('');
  const rows = useCall(() => affix().certificates.list({ search: search.trim() || undefined }), [search, generation]);
  const [revoking, setRevoking] = useState<CertRegisterRow | null>(null);
  const [publishing, setPublishing] = useState(false);
  const reasons = useReasonWords();
  const download = async (number: string) => {
    try {
      const file = await unwrap(affix().certificates.download({ number }));
      saveFile(file.fileName, file.base64, 'application/pdf');
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Card
      title={t('certs.register.title')}
      extra={
        <Button icon={<CloudUploadOutlined />} onClick={() => setPublishing(true)} data-testid="cert-publish">
          {t('certs.register.publish')}
        </Button>
      }
    >
      <Input.Search
        allowClear
        placeholder={t('certs.register.search')}
        aria-label={t('certs.register.search')}
        onSearch={setSearch}
        style={{ maxWidth: 360, marginBottom: 12 }}
        data-testid="cert-search"
      />
      {rows.status === 'error' ? (
        <ErrorAlert error={rows.error} />
      ) : (
        <Table<CertRegisterRow>
          rowKey="number"
          size="small"
          loading={rows.status === 'loading'}
          dataSource={rows.status === 'ok' ? rows.value : []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('certs.register.empty')} /> }}
          data-testid="cert-register"
          columns={[
            { title: t('certs.register.number'), dataIndex: 'number' },
            { title: t('certs.register.type'), dataIndex: 'type' },
            { title: t('certs.register.holder'), dataIndex: 'holder' },
            { title: t('certs.register.issuedAt'), dataIndex: 'issuedAt', render: (at: string) => formatDateTime(at, language) },
            {
              title: t('certs.register.status'),
              key: 'status',
              render: (_, r) =>
                r.revokedAt ? (
                  <StateTag tone="warning" icon={StopOutlined} data-testid="cert-status">
                    {t('certs.register.revoked', { reason: reasons[r.revokeReason as Reason] ?? r.revokeReason })}
                  </StateTag>
                ) : (
                  <StateTag tone="ok" data-testid="cert-status">
                    {t('certs.register.valid')}
                  </StateTag>
                ),
            },
            {
              title: t('certs.register.actions'),
              key: 'actions',
              render: (_, r) => (
                <Space>
                  <Button
                    size="small"
                    icon={<DownloadOutlined />}
                    onClick={() => void download(r.number)}
                    aria-label={t('certs.register.downloadOne', { number: r.number })}
                  >
                    {t('certs.register.download')}
                  </Button>
                  <Button size="small" danger disabled={!!r.revokedAt} onClick={() => setRevoking(r)} data-testid="cert-revoke">
                    {t('certs.register.revoke')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
      {revoking && (
        <RevokeDialog
          row={revoking}
          onClose={() => setRevoking(null)}
          onDone={() => {
            setRevoking(null);
            rows.reload();
          }}
        />
      )}
      {publishing && <PublishDialog onClose={() => setPublishing(false)} />}
    </Card>
  );
}

function RevokeDialog({ row, onClose, onDone }: { row: CertRegisterRow; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reasons = useReasonWords();
  const [reason, setReason] = useState<Reason>('revoked');
  const run = useAction(
    () => unwrap(affix().certificates.revoke({ number: row.number, reason })),
    () => {
      void message.success(t('certs.register.revokedDone', { number: row.number }));
      onDone();
    },
  );
  return (
    <Modal
      open
      title={t('certs.register.revokeTitle', { number: row.number, holder: row.holder })}
      okText={t('certs.register.revoke')}
      cancelText={t('certs.cancel')}
      okButtonProps={{ danger: true, 'data-testid': 'cert-revoke-submit' } as ButtonProps}
      onOk={() => void run.submit(undefined)}
      onCancel={onClose}
      confirmLoading={run.running}
      destroyOnHidden
    >
      <p>{t('certs.register.revokeHelp')}</p>
      <Form layout="vertical">
        <Form.Item label={t('certs.register.reason')}>
          <Select<Reason>
            value={reason}
            onChange={setReason}
            options={CERT_REVOCATION_REASONS.map((r) => ({ value: r, label: reasons[r] }))}
            aria-label={t('certs.register.reason')}
            data-testid="cert-revoke-reason"
          />
        </Form.Item>
      </Form>
      {run.error && <ErrorAlert error={run.error} />}
    </Modal>
  );
}

interface PublishForm {
  personId: string;
  passphrase: string;
  validDays: number;
}

function PublishDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PublishForm>();
  const persons = useCall(() => affix().identity.list({}));
  const run = useAction(
    (v: PublishForm) => unwrap(affix().certificates.publishStatusList({ personId: v.personId, passphrase: v.passphrase, validDays: v.validDays })),
    (r) => {
      saveFile(r.fileName, r.base64, 'application/cwt');
      void message.success(t('certs.register.published', { size: r.size, revoked: r.revoked }));
      onClose();
    },
  );
  return (
    <Modal
      open
      title={t('certs.register.publishTitle')}
      okText={t('certs.register.publishSubmit')}
      cancelText={t('certs.cancel')}
      okButtonProps={{ 'data-testid': 'cert-publish-submit' } as ButtonProps}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={run.running}
      destroyOnHidden
    >
      <p>{t('certs.register.publishHelp')}</p>
      <Form<PublishForm> form={form} layout="vertical" requiredMark={false} initialValues={{ validDays: 7 }} onFinish={run.submit}>
        <Form.Item name="personId" label={t('certs.issue.person')} rules={[{ required: true, message: t('certs.required') }]}>
          <Select
            options={
              persons.status === 'ok'
                ? persons.value.filter((p) => !p.erasedAt).map((p) => ({ value: p.id, label: personLabel(p, t('people.tail'), t('people.unnamed')) }))
                : []
            }
            aria-label={t('certs.issue.person')}
            data-testid="cert-publish-person"
          />
        </Form.Item>
        <Form.Item name="validDays" label={t('certs.register.validDays')}>
          <InputNumber min={1} max={3650} />
        </Form.Item>
        <Form.Item name="passphrase" label={t('certs.passphrase')} rules={[{ required: true, message: t('certs.required') }]}>
          <Input.Password autoComplete="off" data-testid="cert-publish-passphrase" />
        </Form.Item>
      </Form>
      {run.error && <ErrorAlert error={run.error} />}
    </Modal>
  );
}
