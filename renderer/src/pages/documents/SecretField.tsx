/**
 * What opens the signing key, as both signing dialogs ask for it: the
 * workspace passphrase, or for a key on a PKCS#11 token the token's user PIN
 * (named after the token, never stored).
 */
import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TokenKey } from '../../../../shared/contract/signing';

export function SecretField({
  name,
  token,
  testIdPrefix,
  autoFocus,
}: {
  name: string;
  token: Pick<TokenKey, 'tokenLabel'> | null;
  testIdPrefix: string;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={name}
      label={token ? t('documents.sign.pin') : t('documents.sign.passphrase')}
      extra={token ? t('documents.sign.pinHelp', { token: token.tokenLabel }) : t('documents.sign.passphraseHelp')}
      rules={[{ required: true, message: t('documents.sign.required') }]}
    >
      <Input.Password autoComplete="off" autoFocus={autoFocus} data-testid={`${testIdPrefix}-${token ? 'pin' : 'passphrase'}`} />
    </Form.Item>
  );
}
