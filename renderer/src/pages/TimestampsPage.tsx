/**
 * Time-stamps: this install as a time-stamping authority (RFC 3161) — its
 * TSAs, creating one, answering query files for air-gapped use, the command
 * that serves one over HTTP — and trusted time for the ledger's checkpoints.
 */
import { Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader';
import { AuthoritiesCard } from './timestamps/AuthoritiesCard';
import { CheckpointsCard } from './timestamps/CheckpointsCard';

export default function TimestampsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('timestamps.title')} subtitle={t('timestamps.subtitle')} />
      <Flex vertical gap={16}>
        <AuthoritiesCard />
        <CheckpointsCard />
      </Flex>
    </>
  );
}
