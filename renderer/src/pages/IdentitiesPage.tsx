/**
 * Identities & Seals: who signs (verified persons), on whose behalf (the
 * organisation and its CAs), and with which seal (its validity and the people
 * allowed to use it). Each area is a tab with its own module.
 */
import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader';
import { OrganisationsTab } from './identities/OrganisationsTab';
import { PersonsTab } from './identities/PersonsTab';
import { SealsTab } from './identities/SealsTab';
import { AccessLogTab } from './identities/AccessLogTab';
import { ApprovalsTab } from './identities/ApprovalsTab';

export default function IdentitiesPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('identities.title')} subtitle={t('identities.subtitle')} />
      <Tabs
        destroyOnHidden
        items={[
          { key: 'persons', label: t('identities.tabs.persons'), children: <PersonsTab /> },
          { key: 'orgs', label: t('identities.tabs.orgs'), children: <OrganisationsTab /> },
          { key: 'seals', label: t('identities.tabs.seals'), children: <SealsTab /> },
          { key: 'approvals', label: t('approvals.tab'), children: <ApprovalsTab /> },
          { key: 'access', label: t('soleControl.tab'), children: <AccessLogTab /> },
        ]}
      />
    </>
  );
}
