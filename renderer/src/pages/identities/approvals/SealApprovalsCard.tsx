/**
 * Seal-use approval (issue #18): a seal may need k of n named approvers
 * before each use. Here: the rule of a seal and setting it, requesting one
 * use for a document, and an approver approving a request with their own PIN.
 */
import { Button, Card, Descriptions, Empty, Flex, Form, Input, InputNumber, Modal, Select, Table, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { UseRequestSchema } from '../../../../../shared/contract/seal-approval';
import { affix, unwrap } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { StateTag } from '../../../components/StateTag';
import { formatDateTime } from '../../../format';
import { useLanguage } from '../../../language';
import { sealLabel } from '../../../signer-labels';
import { useAction } from '../../../use-action';
import { useCall } from '../../../use-call';
import { PassphraseItem } from '../PassphraseItem';

type UseRequest = z.infer<typeof UseRequestSchema>;
type People = { value: string; label: string }[];

export function SealApprovalsCard({ people, labelOf }: { people: People; labelOf: (id: string) => string }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const seals = useCall(() => affix().seals.list({}));
  const documents = useCall(() => affix().documents.list({}));
  const [sealId, setSealId] = useState<string | undefined>();
  const rule = useCall(() => (sealId ? affix().sealApproval.rule({ sealId }) : Promise.resolve({ ok: true as const, value: null })), [sealId]);
  const requests = useCall(
    () => (sealId ? affix().sealApproval.requests({ sealId }) : Promise.resolve({ ok: true as const, value: [] as UseRequest[] })),
    [sealId],
  );
  const [dialog, setDialog] = useState<{ kind: 'rule' } | { kind: 'request' } | { kind: 'approve'; request: UseRequest } | null>(null);
  const docName = (sha: string) =>
    (documents.status === 'ok' ? documents.value.find((d) => d.currentSha256 === sha)?.name : undefined) ?? `${sha.slice(0, 12)}…`;
  const close = () => setDialog(null);
  const changed = () => {
    setDialog(null);
    rule.reload();
    requests.reload();
  };
  const current = rule.status === 'ok' ? rule.value : null;

  return (
    <Card title={t('approvals.seal.title')} data-testid="seal-approvals-card">
      <Form layout="vertical">
        <Form.Item label={t('approvals.seal.seal')}>
          <Select
            value={sealId}
            onChange={setSealId}
            options={seals.status === 'ok' ? seals.value.map((s) => ({ value: s.sealId, label: sealLabel(s) })) : []}
            data-testid="approval-seal"
            aria-label={t('approvals.seal.seal')}
          />
        </Form.Item>
      </Form>
      {sealId && (
        <>
          <Descriptions
            size="small"
            column={1}
            style={{ marginBottom: 12 }}
            items={[
              {
                key: 'rule',
                label: t('approvals.seal.rule'),
                children: current
                  ? t('approvals.kOf', { k: current.k, n: current.approvers.length, list: current.approvers.map(labelOf).join(', ') })
                  : t('approvals.seal.noRule'),
              },
            ]}
          />
          <Flex gap={8} wrap style={{ marginBottom: 12 }}>
            <Button onClick={() => setDialog({ kind: 'rule' })} data-testid="approval-set-rule">
              {t('approvals.seal.setRule')}
            </Button>
            <Button type="primary" disabled={!current} onClick={() => setDialog({ kind: 'request' })} data-testid="approval-request">
              {t('approvals.seal.request')}
            </Button>
          </Flex>
          {requests.status === 'error' ? (
            <ErrorAlert error={requests.error} />
          ) : (
            <Table<UseRequest>
              rowKey="id"
              size="small"
              loading={requests.status === 'loading'}
              dataSource={requests.status === 'ok' ? [...requests.value].reverse() : []}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              locale={{ emptyText: <Empty description={t('approvals.seal.noRequests')} /> }}
              data-testid="approval-requests"
              columns={[
                { title: t('approvals.seal.document'), dataIndex: 'documentSha256', render: docName },
                { title: t('approvals.seal.user'), dataIndex: 'personId', render: labelOf },
                { title: t('approvals.seal.requestedAt'), dataIndex: 'requestedAt', render: (at: string) => formatDateTime(at, language) },
                {
                  title: t('approvals.seal.state'),
                  key: 'state',
                  render: (_, r) =>
                    r.usedAt ? (
                      <StateTag tone="neutral">{t('approvals.seal.used')}</StateTag>
                    ) : r.approvals.length >= r.required ? (
                      <StateTag tone="ok" data-testid="approval-state">
                        {t('approvals.seal.approved')}
                      </StateTag>
                    ) : (
                      <StateTag tone="info" data-testid="approval-state">
                        {t('approvals.seal.waiting', { have: r.approvals.length, need: r.required })}
                      </StateTag>
                    ),
                },
                { title: t('approvals.seal.approvedBy'), key: 'by', render: (_, r) => r.approvals.map((a) => labelOf(a.approverId)).join(', ') || '—' },
                {
                  title: t('approvals.seal.actions'),
                  key: 'actions',
                  render: (_, r) => (
                    <Button
                      size="small"
                      disabled={!!r.usedAt || r.approvals.length >= r.required}
                      onClick={() => setDialog({ kind: 'approve', request: r })}
                      data-testid="approval-approve"
                    >
                      {t('approvals.seal.approve')}
                    </Button>
                  ),
                },
              ]}
            />
          )}
        </>
      )}
      {dialog?.kind === 'rule' && sealId && <RuleDialog sealId={sealId} people={people} onClose={close} onDone={changed} />}
      {dialog?.kind === 'request' && sealId && (
        <RequestDialog sealId={sealId} people={people} documents={documents.status === 'ok' ? documents.value : []} onClose={close} onDone={changed} />
      )}
      {dialog?.kind === 'approve' && current && (
        <ApproveDialog
          request={dialog.request}
          approvers={people.filter((p) => current.approvers.includes(p.value) && !dialog.request.approvals.some((a) => a.approverId === p.value))}
          onClose={close}
          onDone={changed}
        />
      )}
    </Card>
  );
}

interface RuleForm {
  approvers: string[];
  k: number;
  passphrase: string;
}

function RuleDialog({ sealId, people, onClose, onDone }: { sealId: string; people: People; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RuleForm>();
  const run = useAction(
    (v: RuleForm) => unwrap(affix().sealApproval.requireApproval({ sealId, approvers: v.approvers, k: v.k, passphrase: v.passphrase })),
    onDone,
  );
  return (
    <Modal
      open
      title={t('approvals.seal.setRule')}
      okText={t('approvals.save')}
      cancelText={t('approvals.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={run.running}
      okButtonProps={{ 'data-testid': 'approval-rule-submit' } as ButtonProps}
      destroyOnHidden
    >
      <p>{t('approvals.seal.ruleHelp')}</p>
      <Form<RuleForm> form={form} layout="vertical" requiredMark={false} initialValues={{ k: 1 }} onFinish={run.submit}>
        <Form.Item name="approvers" label={t('approvals.seal.approvers')} rules={[{ required: true, message: t('approvals.required') }]}>
          <Select mode="multiple" options={people} data-testid="approval-rule-approvers" aria-label={t('approvals.seal.approvers')} />
        </Form.Item>
        <Form.Item name="k" label={t('approvals.k')}>
          <InputNumber min={1} max={16} data-testid="approval-rule-k" />
        </Form.Item>
        <PassphraseItem testId="approval-rule-passphrase" />
      </Form>
      {run.error && <ErrorAlert error={run.error} />}
    </Modal>
  );
}

interface RequestForm {
  personId: string;
  documentId: string;
}

function RequestDialog({
  sealId,
  people,
  documents,
  onClose,
  onDone,
}: {
  sealId: string;
  people: People;
  documents: { id: string; name: string }[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RequestForm>();
  const run = useAction((v: RequestForm) => unwrap(affix().sealApproval.request({ sealId, personId: v.personId, documentId: v.documentId })), onDone);
  return (
    <Modal
      open
      title={t('approvals.seal.request')}
      okText={t('approvals.seal.requestSubmit')}
      cancelText={t('approvals.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={run.running}
      okButtonProps={{ 'data-testid': 'approval-request-submit' } as ButtonProps}
      destroyOnHidden
    >
      <p>{t('approvals.seal.requestHelp')}</p>
      <Form<RequestForm> form={form} layout="vertical" requiredMark={false} onFinish={run.submit}>
        <Form.Item name="documentId" label={t('approvals.seal.document')} rules={[{ required: true, message: t('approvals.required') }]}>
          <Select
            options={documents.map((d) => ({ value: d.id, label: d.name }))}
            data-testid="approval-request-document"
            aria-label={t('approvals.seal.document')}
          />
        </Form.Item>
        <Form.Item name="personId" label={t('approvals.seal.user')} rules={[{ required: true, message: t('approvals.required') }]}>
          <Select options={people} data-testid="approval-request-person" aria-label={t('approvals.seal.user')} />
        </Form.Item>
      </Form>
      {run.error && <ErrorAlert error={run.error} />}
    </Modal>
  );
}

interface ApproveForm {
  approverId: string;
  pin: string;
  passphrase: string;
}

function ApproveDialog({ request, approvers, onClose, onDone }: { request: UseRequest; approvers: People; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ApproveForm>();
  const run = useAction(
    (v: ApproveForm) => unwrap(affix().sealApproval.approve({ requestId: request.id, approverId: v.approverId, pin: v.pin, passphrase: v.passphrase })),
    onDone,
  );
  return (
    <Modal
      open
      title={t('approvals.seal.approveTitle')}
      okText={t('approvals.seal.approve')}
      cancelText={t('approvals.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={run.running}
      okButtonProps={{ 'data-testid': 'approval-approve-submit' } as ButtonProps}
      destroyOnHidden
    >
      <p>{t('approvals.seal.approveHelp')}</p>
      <Form<ApproveForm> form={form} layout="vertical" requiredMark={false} onFinish={run.submit}>
        <Form.Item name="approverId" label={t('approvals.seal.approver')} rules={[{ required: true, message: t('approvals.required') }]}>
          <Select options={approvers} data-testid="approval-approver" aria-label={t('approvals.seal.approver')} />
        </Form.Item>
        <Form.Item name="pin" label={t('approvals.approverPin')} rules={[{ required: true, message: t('approvals.required') }]}>
          <Input.Password autoComplete="off" data-testid="approval-pin" />
        </Form.Item>
        <PassphraseItem testId="approval-passphrase" />
      </Form>
      {run.error && <ErrorAlert error={run.error} />}
    </Modal>
  );
}
