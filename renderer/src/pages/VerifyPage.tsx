import { useTranslation } from 'react-i18next';
import { ComingInThisBuild } from '../components/ComingInThisBuild';
import { PageHeader } from '../components/PageHeader';

export default function VerifyPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('verify.title')} subtitle={t('verify.subtitle')} />
      <ComingInThisBuild
        what={t('verify.coming')}
        items={[t('verify.items.signatures'), t('verify.items.revisions'), t('verify.items.proof'), t('verify.items.report')]}
      />
    </>
  );
}
