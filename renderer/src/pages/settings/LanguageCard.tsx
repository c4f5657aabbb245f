import { Card, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/contract/workspace';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLanguage } from '../../language';
import { useAction } from '../../use-action';

/** The interface language; the switch takes effect only once the workspace has saved it. */
export function LanguageCard() {
  const { t } = useTranslation();
  const { language, setLanguage } = useLanguage();
  const choose = useAction(setLanguage, () => undefined);
  return (
    <Card title={t('settings.language.title')}>
      <Typography.Paragraph type="secondary">{t('settings.language.help')}</Typography.Paragraph>
      <Radio.Group
        value={language}
        disabled={choose.running}
        onChange={(e) => void choose.submit(e.target.value as Language)}
        optionType="button"
        buttonStyle="solid"
        aria-label={t('settings.language.title')}
        data-testid="settings-language"
        options={[
          { value: 'zh-CN', label: '中文（简体）' },
          { value: 'en', label: 'English' },
        ]}
      />
      {choose.error && <ErrorAlert error={choose.error} style={{ marginTop: 12 }} />}
    </Card>
  );
}
