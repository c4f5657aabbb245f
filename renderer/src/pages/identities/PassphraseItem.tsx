import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

/** The workspace passphrase, asked for each action that opens keys or personal data; never stored by the UI. */
export function PassphraseItem({ testId }: { testId: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item name="passphrase" label={t('identities.passphrase')} rules={[{ required: true, message: t('identities.passphraseRequired') }]}>
      <Input.Password autoComplete="off" data-testid={testId} />
    </Form.Item>
  );
}
