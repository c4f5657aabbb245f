/**
 * The custodians (k of n) whose approval a reveal, a disclosure or an
 * erasure of personal data needs (issue #18). Setting them the first time
 * needs the workspace passphrase; changing them needs k of the current
 * custodians, each with their own PIN.
 */
import { App, Button, Card, Descriptions, Form, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { affix, unwrap } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useAction } from '../../../use-action';
import { useCall } from '../../../use-call';
import { PassphraseItem } from '../PassphraseItem';
import { ApprovalsList, type ApprovalValue } from './ApprovalsList';

interface CustodiansForm {
  custodians: string[];
  k: number;
  passphrase: string;
  approvals?: ApprovalValue[];
}

export function CustodiansCard({
  people,
  labelOf,
  onSaved,
}: {
  people: { value: string; label: string }[];
  labelOf: (id: string) => string;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CustodiansForm>();
  const policy = useCall(() => affix().access.policy({}));
  const current = policy.status === 'ok' ? policy.value : null;
  const run = useAction(
    (v: CustodiansForm) => unwrap(affix().access.setCustodians({ custodians: v.custodians, k: v.k, passphrase: v.passphrase, approvals: v.approvals ?? [] })),
    () => {
      void message.success(t('approvals.custodians.saved'));
      form.resetFields();
      policy.reload();
      onSaved();
    },
  );
  return (
    <Card title={t('approvals.custodians.title')} data-testid="custodians-card">
      <Descriptions
        size="small"
        column={1}
        style={{ marginBottom: 12 }}
        items={[
          {
            key: 'now',
            label: t('approvals.custodians.now'),
            children:
              current && current.custodians.length > 0
                ? t('approvals.kOf', { k: current.k, n: current.custodians.length, list: current.custodians.map(labelOf).join(', ') })
                : t('approvals.custodians.none'),
          },
        ]}
      />
      <Form<CustodiansForm> form={form} layout="vertical" requiredMark={false} initialValues={{ k: 1 }} onFinish={run.submit}>
        <Form.Item
          name="custodians"
          label={t('approvals.custodians.choose')}
          extra={t('approvals.custodians.chooseHelp')}
          rules={[{ required: true, message: t('approvals.required') }]}
        >
          <Select mode="multiple" options={people} data-testid="custodians-select" aria-label={t('approvals.custodians.choose')} />
        </Form.Item>
        <Form.Item name="k" label={t('approvals.k')}>
          <InputNumber min={1} max={16} data-testid="custodians-k" />
        </Form.Item>
        {current && current.custodians.length > 0 && (
          <>
            <p>{t('approvals.custodians.changeNeeds', { k: current.k })}</p>
            <ApprovalsList count={current.k} people={people.filter((p) => current.custodians.includes(p.value))} testId="custodians-approval" />
          </>
        )}
        <PassphraseItem testId="custodians-passphrase" />
        <Button type="primary" htmlType="submit" loading={run.running} data-testid="custodians-submit">
          {t('approvals.custodians.submit')}
        </Button>
      </Form>
      {run.error && <ErrorAlert error={run.error} style={{ marginTop: 12 }} />}
    </Card>
  );
}
