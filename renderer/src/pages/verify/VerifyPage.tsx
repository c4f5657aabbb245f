/**
 * Verify a signed PDF: one bottom line for the document, a card per signature
 * (who, when, intact / valid / trusted, what changed after signing) and the
 * revision timeline; or a proof package, check by check. The verdicts are the
 * shared verifier's, the same code the CLI and the standalone verifier run;
 * the page only explains them.
 */
import { FileSearchOutlined, SafetyOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChosenFile } from '../../../../shared/contract/files';
import type { AffixCallError } from '../../api';
import { chooseFile } from '../../choose-file';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FileDrop, type PickedFile } from '../../components/FileDrop';
import { PageHeader } from '../../components/PageHeader';
import { useAction } from '../../use-action';
import { ProofView } from './ProofView';
import { ReportView } from './ReportView';
import { isPackage, type Outcome, runVerification, type VerifyRequest } from './run-verification';

export default function VerifyPage() {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  // The last file dropped or chosen: "Verify" checks it again (e.g. with a trust policy chosen since).
  const [dropped, setDropped] = useState<PickedFile | null>(null);
  const [policy, setPolicy] = useState<ChosenFile | null>(null);
  const [dropError, setDropError] = useState<AffixCallError | null>(null);
  const packageMode = isPackage(dropped?.name);
  const verify = useAction(runVerification, setOutcome);
  const choosePolicy = useAction(chooseFile, (chosen) => chosen && setPolicy(chosen));
  const start = (r: VerifyRequest) => {
    setOutcome(null);
    setDropError(null);
    return verify.perform(r);
  };
  const onFile = (file: PickedFile) => {
    setDropped(file);
    return start({ file, trustPolicy: policy ?? undefined });
  };
  const error = dropError ?? verify.error ?? choosePolicy.error;
  return (
    <>
      <PageHeader title={t('verify.title')} subtitle={t('verify.subtitle')} />
      <Flex vertical gap={16}>
        <Card title={t('verify.form.title')}>
          <FileDrop
            label={t('verify.form.drop')}
            hint={t('verify.form.dropHint')}
            accept=".pdf,.affixproof,application/pdf"
            disabled={verify.running}
            testId="verify-drop"
            onFile={onFile}
            onError={(e) => {
              setOutcome(null);
              setDropError(e);
            }}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
            {packageMode ? t('verify.form.trustPolicyHelp') : t('verify.form.trustHelp')}
          </Typography.Paragraph>
          <Flex gap={8} wrap align="center">
            {packageMode && (
              <Button
                icon={<FileSearchOutlined />}
                loading={choosePolicy.running}
                onClick={() => choosePolicy.submit('trust-policy')}
                data-testid="verify-trust-policy"
              >
                {policy ? t('verify.form.trustPolicyChosen', { name: policy.name }) : t('verify.form.trustPolicy')}
              </Button>
            )}
            <Button
              type="primary"
              icon={<SafetyOutlined />}
              loading={verify.running}
              disabled={dropped === null}
              onClick={() => dropped && void start({ file: dropped, trustPolicy: policy ?? undefined })}
              data-testid="verify-submit"
            >
              {t('verify.form.submit')}
            </Button>
          </Flex>
          {error && <ErrorAlert error={error} title={t('verify.failedToRead')} style={{ marginTop: 12 }} />}
        </Card>
        {verify.running && <VerifyingSkeleton />}
        {outcome?.kind === 'pdf' && <ReportView report={outcome.report} source={outcome.source} />}
        {outcome?.kind === 'proof' && <ProofView report={outcome.report} />}
      </Flex>
    </>
  );
}

/** Where the result will appear, while the verifier works (a large file takes seconds). */
function VerifyingSkeleton() {
  const { t } = useTranslation();
  return (
    <Card title={t('verify.running')} data-testid="verify-running" aria-busy="true">
      <Skeleton active paragraph={{ rows: 5 }} />
    </Card>
  );
}
