/**
 * Verify a signed PDF: one bottom line for the document, a card per signature
 * (who, when, intact / valid / trusted, what changed after signing) and the
 * revision timeline; or a proof package, check by check. The verdicts are the
 * shared verifier's, the same code the CLI and the standalone verifier run;
 * the page only explains them.
 */
import { SafetyOutlined } from '@ant-design/icons';
import { Button, Card, Divider, Flex, Form, Input, Select, Skeleton } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AffixCallError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FileDrop, type PickedFile } from '../../components/FileDrop';
import { PageHeader } from '../../components/PageHeader';
import { useAction } from '../../use-action';
import { ProofView } from './ProofView';
import { ReportView } from './ReportView';
import { isPackage, type Outcome, runVerification, type VerifyForm, type VerifyRequest } from './run-verification';

export default function VerifyPage() {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  // The last file dropped or chosen: "Verify" checks it again (e.g. with other trust settings) while no path is typed.
  const [dropped, setDropped] = useState<PickedFile | null>(null);
  const [dropError, setDropError] = useState<AffixCallError | null>(null);
  const [form] = Form.useForm<VerifyForm>();
  const path = Form.useWatch('path', form)?.trim() ?? '';
  const packageMode = isPackage(path || dropped?.name);
  const verify = useAction(runVerification, setOutcome);
  const start = (r: VerifyRequest) => {
    setOutcome(null);
    setDropError(null);
    return verify.perform(r);
  };
  const onFile = (file: PickedFile) => {
    setDropped(file);
    form.setFieldValue('path', '');
    return start({ file, trust: form.getFieldValue('trust') ?? [], trustPolicy: form.getFieldValue('trustPolicy') });
  };
  const onFinish = (v: VerifyForm) => {
    const typed = v.path?.trim();
    if (typed) void start({ ...v, path: typed });
    else if (dropped) void start({ ...v, file: dropped });
  };
  const error = dropError ?? verify.error;
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
          <Divider plain>{t('fileDrop.orPath')}</Divider>
          <Form<VerifyForm> form={form} layout="vertical" requiredMark={false} initialValues={{ trust: [] }} onFinish={onFinish} data-testid="verify-form">
            <Form.Item
              name="path"
              label={t('verify.form.path')}
              rules={[{ required: dropped === null, whitespace: true, message: t('verify.form.pathRequired') }]}
            >
              <Input className="affix-mono" placeholder="/path/to/signed.pdf" data-testid="verify-path" />
            </Form.Item>
            {packageMode ? (
              <Form.Item name="trustPolicy" label={t('verify.form.trustPolicy')} extra={t('verify.form.trustPolicyHelp')}>
                <Input className="affix-mono" placeholder="/path/to/policy.json" data-testid="verify-trust-policy" />
              </Form.Item>
            ) : (
              <Form.Item name="trust" label={t('verify.form.trust')} extra={t('verify.form.trustHelp')}>
                <Select mode="tags" open={false} suffixIcon={null} data-testid="verify-trust" />
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit" icon={<SafetyOutlined />} loading={verify.running} data-testid="verify-submit">
              {t('verify.form.submit')}
            </Button>
          </Form>
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
