/**
 * Changing the workspace passphrase. The main process re-seals everything it
 * protects at once or nothing at all; the form is cleared either way, so no
 * passphrase lingers in the window.
 */
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NEW_PASSPHRASE_MIN } from '../../../../shared/contract/passphrase-policy';
import type { PassphraseChange } from '../../../../shared/contract/settings';
import { affix, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../use-action';

interface ChangeForm {
  oldPassphrase: string;
  newPassphrase: string;
  confirm: string;
}

export function PassphraseCard() {
  const { t } = useTranslation();
  const [form] = Form.useForm<ChangeForm>();
  const [done, setDone] = useState<PassphraseChange | null>(null);
  const change = useAction(async (v: ChangeForm) => {
    setDone(null);
    try {
      return await unwrap(affix().passphrase.change({ oldPassphrase: v.oldPassphrase, newPassphrase: v.newPassphrase }));
    } finally {
      form.resetFields();
    }
  }, setDone);
  return (
    <Card title={t('settings.passphrase.title')} data-testid="settings-passphrase">
      <Typography.Paragraph type="secondary">{t('settings.passphrase.help')}</Typography.Paragraph>
      <Form<ChangeForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={change.submit}
        style={{ maxWidth: 420 }}
        data-testid="settings-passphrase-form"
      >
        <Form.Item name="oldPassphrase" label={t('settings.passphrase.old')} rules={[{ required: true, message: t('settings.required') }]}>
          <Input.Password autoComplete="current-password" data-testid="settings-passphrase-old" />
        </Form.Item>
        <Form.Item
          name="newPassphrase"
          label={t('settings.passphrase.new')}
          rules={[
            { required: true, message: t('settings.required') },
            { min: NEW_PASSPHRASE_MIN, message: t('settings.passphrase.tooShort', { min: NEW_PASSPHRASE_MIN }) },
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="settings-passphrase-new" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('settings.passphrase.confirm')}
          dependencies={['newPassphrase']}
          rules={[
            { required: true, message: t('settings.required') },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                value === getFieldValue('newPassphrase') ? Promise.resolve() : Promise.reject(new Error(t('settings.passphrase.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="settings-passphrase-confirm" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.running} data-testid="settings-passphrase-submit">
          {t('settings.passphrase.submit')}
        </Button>
      </Form>
      {change.error && <ErrorAlert error={change.error} title={t('settings.passphrase.failed')} style={{ marginTop: 12 }} />}
      {done && (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="settings-passphrase-done"
          title={t('settings.passphrase.changed')}
          description={
            <>
              <div>
                {t('settings.passphrase.summary', {
                  vault: done.vault ? t('settings.passphrase.vaultYes') : t('settings.passphrase.vaultNo'),
                  roots: done.rootKeys,
                  keys: done.workspaceKeys,
                })}
              </div>
              {done.unchanged.length > 0 && (
                <div data-testid="settings-passphrase-unchanged">
                  {t('settings.passphrase.unchanged', { list: done.unchanged.map((u) => u.label).join(', ') })}
                </div>
              )}
            </>
          }
        />
      )}
    </Card>
  );
}
