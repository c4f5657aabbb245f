/**
 * The one secret a refused call said it needs (error.needs): shown only then,
 * focused, with a sentence saying why; the dialog retries with it.
 */
import { Alert, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SecretNeed } from '../../../shared/errors/affix-error';

export function NeededSecretField({
  needs,
  name,
  retrying,
  testId,
  personName,
}: {
  needs: SecretNeed;
  name: string;
  retrying: boolean;
  testId: string;
  personName?: string;
}) {
  const { t } = useTranslation();
  const what =
    needs.secret === 'workspace-passphrase'
      ? { label: t('secretPrompt.passphrase'), why: t('secretPrompt.passphraseWhy') }
      : needs.secret === 'person-pin'
        ? { label: t('secretPrompt.personPin', { person: personName ?? '' }), why: t('secretPrompt.personPinWhy') }
        : { label: t('secretPrompt.tokenPin', { token: needs.tokenLabel }), why: t('secretPrompt.tokenPinWhy') };
  return (
    <>
      <Alert
        type={retrying ? 'error' : 'info'}
        showIcon
        title={retrying ? t('secretPrompt.wrong') : what.why}
        style={{ marginBottom: 12 }}
        data-testid={`${testId}-why`}
      />
      <Form.Item name={name} label={what.label} rules={[{ required: true, message: t('secretPrompt.required') }]}>
        <Input.Password autoComplete="off" autoFocus data-testid={testId} />
      </Form.Item>
    </>
  );
}
