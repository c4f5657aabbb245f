import { Card, Descriptions, Flex, Radio, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/contract/workspace';
import { type AffixCallError, affix, asCallError } from '../api';
import { ComingInThisBuild } from '../components/ComingInThisBuild';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { useLanguage } from '../language';
import { useCall } from '../use-call';

export default function SettingsPage() {
  const { t } = useTranslation();
  const { language, setLanguage } = useLanguage();
  const status = useCall(() => affix().workspace.status({}));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<AffixCallError | null>(null);

  const choose = async (next: Language) => {
    setSaving(true);
    setError(null);
    try {
      await setLanguage(next);
    } catch (e) {
      setError(asCallError(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <PageHeader title={t('settings.title')} subtitle={t('settings.subtitle')} />
      <Flex vertical gap={16}>
        <Card title={t('settings.language.title')}>
          <Typography.Paragraph type="secondary">{t('settings.language.help')}</Typography.Paragraph>
          <Radio.Group
            value={language}
            disabled={saving}
            onChange={(e) => void choose(e.target.value as Language)}
            optionType="button"
            buttonStyle="solid"
            aria-label={t('settings.language.title')}
            data-testid="settings-language"
            options={[
              { value: 'zh-CN', label: '中文（简体）' },
              { value: 'en', label: 'English' },
            ]}
          />
          {error && (
            <div style={{ marginTop: 12 }}>
              <ErrorAlert error={error} />
            </div>
          )}
        </Card>

        <Card title={t('settings.workspace.title')}>
          {status.status === 'loading' && <Skeleton active paragraph={{ rows: 2 }} />}
          {status.status === 'error' && <ErrorAlert error={status.error} />}
          {status.status === 'ok' && (
            <Descriptions column={1} size="small" bordered styles={{ label: { width: 200 } }}>
              <Descriptions.Item label={t('status.home')}>
                <Typography.Text className="affix-mono" copyable>
                  {status.value.home}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('status.databasePath')}>
                <Typography.Text className="affix-mono">{status.value.databasePath}</Typography.Text>
              </Descriptions.Item>
            </Descriptions>
          )}
          <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
            {t('settings.workspace.help')}
          </Typography.Paragraph>
        </Card>

        <ComingInThisBuild
          what={t('settings.coming')}
          items={[t('settings.items.pkcs11'), t('settings.items.trust'), t('settings.items.passphrase')]}
        />
      </Flex>
    </>
  );
}
