/**
 * Settings: the interface language, which workspace folder the app opens,
 * PKCS#11 modules and their tokens, the trust anchors verification uses, the
 * time-stamping authority signatures use, and changing the workspace passphrase. Each area is its own card and module.
 */
import { Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader';
import { LanguageCard } from './settings/LanguageCard';
import { PassphraseCard } from './settings/PassphraseCard';
import { Pkcs11Card } from './settings/Pkcs11Card';
import { TrustAnchorsCard } from './settings/TrustAnchorsCard';
import { TsaUrlCard } from './settings/TsaUrlCard';
import { WorkspaceLocationCard } from './settings/WorkspaceLocationCard';

export default function SettingsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('settings.title')} subtitle={t('settings.subtitle')} />
      <Flex vertical gap={16}>
        <LanguageCard />
        <WorkspaceLocationCard />
        <Pkcs11Card />
        <TrustAnchorsCard />
        <TsaUrlCard />
        <PassphraseCard />
      </Flex>
    </>
  );
}
