/**
 * Revealing a person's personal data (issue #18): a stated reason and k
 * custodians' approvals, each with their own PIN. Granted or refused, the
 * attempt is anchored and listed in the access log.
 */
import { Button, Card, Descriptions, Form, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { PersonalDataSchema } from '../../../../../shared/contract/identity';
import { affix, unwrap } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useAction } from '../../../use-action';
import { useCall } from '../../../use-call';
import { PassphraseItem } from '../PassphraseItem';
import { ApprovalsList, type ApprovalValue } from './ApprovalsList';

interface RevealForm {
  personId: string;
  reason: string;
  passphrase: string;
  approvals?: ApprovalValue[];
}

export function RevealCard({ people }: { people: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RevealForm>();
  const policy = useCall(() => affix().access.policy({}));
  const [shown, setShown] = useState<z.infer<typeof PersonalDataSchema> | null>(null);
  const run = useAction(
    (v: RevealForm) => unwrap(affix().identity.get({ id: v.personId, passphrase: v.passphrase, reason: v.reason.trim(), approvals: v.approvals ?? [] })),
    (r) => {
      setShown(r.personal);
      form.resetFields(['passphrase', 'approvals']);
    },
  );
  const custodians = policy.status === 'ok' ? policy.value : null;
  return (
    <Card title={t('approvals.reveal.title')} data-testid="reveal-card">
      <Typography.Paragraph type="secondary">{t('approvals.reveal.help')}</Typography.Paragraph>
      {custodians && custodians.custodians.length === 0 && <Typography.Paragraph type="warning">{t('approvals.reveal.noCustodians')}</Typography.Paragraph>}
      <Form<RevealForm> form={form} layout="vertical" requiredMark={false} onFinish={run.submit}>
        <Form.Item name="personId" label={t('approvals.reveal.person')} rules={[{ required: true, message: t('approvals.required') }]}>
          <Select options={people} onChange={() => setShown(null)} data-testid="reveal-person" aria-label={t('approvals.reveal.person')} />
        </Form.Item>
        <Form.Item name="reason" label={t('soleControl.reason')} rules={[{ required: true, whitespace: true, message: t('soleControl.reasonRequired') }]}>
          <Input maxLength={500} data-testid="reveal-reason" />
        </Form.Item>
        {custodians && custodians.k > 0 && custodians.custodians.length > 0 && (
          <ApprovalsList count={custodians.k} people={people.filter((p) => custodians.custodians.includes(p.value))} testId="reveal-approval" />
        )}
        <PassphraseItem testId="reveal-passphrase" />
        <Button type="primary" htmlType="submit" loading={run.running} data-testid="reveal-submit">
          {t('approvals.reveal.submit')}
        </Button>
      </Form>
      {run.error && <ErrorAlert error={run.error} style={{ marginTop: 12 }} />}
      {shown && (
        <Descriptions
          style={{ marginTop: 12 }}
          size="small"
          bordered
          column={1}
          data-testid="reveal-result"
          items={[
            { key: 'name', label: t('approvals.reveal.name'), children: shown.name },
            {
              key: 'doc',
              label: t('approvals.reveal.document'),
              children: shown.document.kind === 'resident-id' ? shown.document.parsed.number : shown.document.parsed.documentNumber,
            },
            { key: 'operator', label: t('approvals.reveal.operator'), children: shown.operator },
          ]}
        />
      )}
    </Card>
  );
}
