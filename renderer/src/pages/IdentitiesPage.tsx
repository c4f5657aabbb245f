import { useTranslation } from 'react-i18next';
import { ComingInThisBuild } from '../components/ComingInThisBuild';
import { PageHeader } from '../components/PageHeader';

export default function IdentitiesPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('identities.title')} subtitle={t('identities.subtitle')} />
      <ComingInThisBuild
        what={t('identities.coming')}
        items={[t('identities.items.persons'), t('identities.items.organisation'), t('identities.items.seals'), t('identities.items.authorisations')]}
      />
    </>
  );
}
