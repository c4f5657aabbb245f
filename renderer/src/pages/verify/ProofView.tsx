/**
 * A proof package's verdict: the package's overall word in the banner, then
 * one line per check tagged with that check's own verdict (通过 / 未通过 /
 * 无法确定 and an icon), in the shared verifier's words — the same as the
 * CLI and verify.html.
 */
import { Alert, Card, Descriptions, Flex, List, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { checkTitle, type ProofReport, readerTimes, type Verdict } from '../../../../shared/proof/proof-report';
import { useLanguage } from '../../language';
import { CheckTag } from './CheckTag';

const VERDICT_ALERT: Record<Verdict, 'success' | 'error' | 'warning'> = { passed: 'success', failed: 'error', indeterminate: 'warning' };

export function ProofView({ report }: { report: ProofReport }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const lang = language === 'zh-CN' ? 'zh' : 'en';
  const verdicts: Record<Verdict, string> = {
    passed: t('verify.proof.passed'),
    failed: t('verify.proof.failed'),
    indeterminate: t('verify.proof.indeterminate'),
  };
  return (
    <Flex vertical gap={16} data-testid="verify-proof">
      <Alert
        type={VERDICT_ALERT[report.verdict]}
        showIcon
        data-testid="verify-proof-verdict"
        data-verdict={report.verdict}
        title={verdicts[report.verdict]}
        description={report.trustPolicySource === 'package' ? t('verify.proof.policyFromPackage') : t('verify.proof.policySupplied')}
      />
      {report.document && (
        <Card title={t('verify.proof.document')}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('verify.proof.name')}>{report.document.name}</Descriptions.Item>
            <Descriptions.Item label="SHA-256">
              <Typography.Text className="affix-mono" copyable>
                {report.document.sha256}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('verify.proof.counts')}>
              {t('verify.proof.countsValue', { signatures: report.document.signatures, events: report.document.events })}
            </Descriptions.Item>
            <Descriptions.Item label={t('verify.proof.ledger')}>
              <Typography.Text className="affix-mono">{report.document.ledgerOrigin}</Typography.Text> ·{' '}
              {t('verify.proof.checkpointSize', { size: report.document.checkpointSize })}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      <Card title={t('verify.proof.checks')}>
        <List
          data-testid="verify-proof-checks"
          dataSource={report.checks}
          renderItem={(c) => (
            <List.Item data-testid={`verify-proof-check-${c.id}`} data-verdict={c.verdict}>
              <Flex vertical gap={4} style={{ width: '100%' }}>
                <Space>
                  <CheckTag state={c.verdict} testId={`verify-proof-check-${c.id}-tag`} />
                  <Typography.Text strong>{checkTitle(c.id, lang)}</Typography.Text>
                </Space>
                {(lang === 'zh' ? (c.messagesZh ?? c.messages) : c.messages).map((m, i) => (
                  <Typography.Text key={i} type={c.verdict === 'passed' ? 'secondary' : undefined}>
                    {readerTimes(m, lang)}
                  </Typography.Text>
                ))}
              </Flex>
            </List.Item>
          )}
        />
      </Card>
    </Flex>
  );
}
