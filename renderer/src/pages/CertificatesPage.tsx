/**
 * Government electronic certificates (issue #19): templates, batch issuance
 * from a CSV, the register with revocation and the status list, and
 * verifying a certificate's QR code.
 */
import { Flex } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { affix } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { useCall } from '../use-call';
import { IssueCard } from './certificates/IssueCard';
import { RegisterCard } from './certificates/RegisterCard';
import { TemplatesCard } from './certificates/TemplatesCard';
import { VerifyCertCard } from './certificates/VerifyCertCard';

export default function CertificatesPage() {
  const { t } = useTranslation();
  const templates = useCall(() => affix().certificates.templates({}));
  const [generation, setGeneration] = useState(0);
  return (
    <>
      <PageHeader title={t('certs.title')} subtitle={t('certs.subtitle')} />
      <Flex vertical gap={16}>
        {templates.status === 'error' && <ErrorAlert error={templates.error} />}
        <TemplatesCard templates={templates.status === 'ok' ? templates.value : null} onAdded={templates.reload} />
        <IssueCard templates={templates.status === 'ok' ? templates.value : []} onIssued={() => setGeneration((g) => g + 1)} />
        <RegisterCard generation={generation} />
        <VerifyCertCard />
      </Flex>
    </>
  );
}
