/** A person changes their own PIN: they type the old one and a new one; their keys are re-sealed and the change is anchored. */
import { App, Button, Card, Flex, Form, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PIN_MIN, pinProblem } from '../../../../../shared/contract/passphrase-policy';
import { affix, unwrap } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useAction } from '../../../use-action';
import { PassphraseItem } from '../PassphraseItem';

interface PinForm {
  personId: string;
  oldPin: string;
  newPin: string;
  repeat: string;
  passphrase: string;
}

export function PinChangeCard({ people }: { people: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PinForm>();
  const run = useAction(
    (v: PinForm) => unwrap(affix().persons.changePin({ personId: v.personId, oldPin: v.oldPin, newPin: v.newPin, passphrase: v.passphrase })),
    (r) => {
      void message.success(t('approvals.pin.done', { count: r.serials.length }));
      form.resetFields();
    },
  );
  return (
    <Card title={t('approvals.pin.title')} data-testid="pin-change-card">
      <Typography.Paragraph type="secondary">{t('approvals.pin.help')}</Typography.Paragraph>
      <Form<PinForm> form={form} layout="vertical" requiredMark={false} onFinish={run.submit}>
        <Form.Item name="personId" label={t('approvals.pin.person')} rules={[{ required: true, message: t('approvals.required') }]}>
          <Select options={people} data-testid="pin-person" aria-label={t('approvals.pin.person')} />
        </Form.Item>
        <Flex gap={8} wrap>
          <Form.Item name="oldPin" label={t('approvals.pin.old')} rules={[{ required: true, message: t('approvals.required') }]} style={{ flex: '1 1 180px' }}>
            <Input.Password autoComplete="off" data-testid="pin-old" />
          </Form.Item>
          <Form.Item
            name="newPin"
            label={t('approvals.pin.new')}
            extra={t('soleControl.choosePinHelp', { min: PIN_MIN })}
            rules={[
              { required: true, message: t('approvals.required') },
              {
                validator: (_r, v: string | undefined) =>
                  v && pinProblem(v) ? Promise.reject(new Error(t('soleControl.pinTooWeak', { min: PIN_MIN }))) : Promise.resolve(),
              },
            ]}
            style={{ flex: '1 1 180px' }}
          >
            <Input.Password autoComplete="new-password" data-testid="pin-new" />
          </Form.Item>
          <Form.Item
            name="repeat"
            label={t('approvals.pin.repeat')}
            dependencies={['newPin']}
            rules={[
              { required: true, message: t('approvals.required') },
              ({ getFieldValue }) => ({
                validator: (_r, v: string | undefined) =>
                  v === getFieldValue('newPin') ? Promise.resolve() : Promise.reject(new Error(t('approvals.pin.mismatch'))),
              }),
            ]}
            style={{ flex: '1 1 180px' }}
          >
            <Input.Password autoComplete="new-password" data-testid="pin-repeat" />
          </Form.Item>
        </Flex>
        <PassphraseItem testId="pin-passphrase" />
        <Button type="primary" htmlType="submit" loading={run.running} data-testid="pin-submit">
          {t('approvals.pin.submit')}
        </Button>
      </Form>
      {run.error && <ErrorAlert error={run.error} style={{ marginTop: 12 }} />}
    </Card>
  );
}
