/**
 * A person's own PIN (issue #18): signing as a person needs it besides the
 * workspace passphrase, so the operator cannot sign for them. The person
 * types it; it goes with the one request and is never stored.
 */
import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

export function PersonPinField({ name, testIdPrefix }: { name: string; testIdPrefix: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={name}
      label={t('soleControl.personPin')}
      extra={t('soleControl.personPinHelp')}
      rules={[{ required: true, message: t('soleControl.personPinRequired') }]}
    >
      <Input.Password autoComplete="off" data-testid={`${testIdPrefix}-person-pin`} />
    </Form.Item>
  );
}
