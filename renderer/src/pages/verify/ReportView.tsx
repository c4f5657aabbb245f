/** A signed PDF's report: the bottom line, the file, a card per signature, and the revision timeline. */
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DescribedReport } from '../../../../shared/contract/verification';
import { renderReportText } from '../../../../shared/verify/render-text';
import { formatDateTime } from '../../format';
import { useLanguage } from '../../language';
import { BottomLine } from './BottomLine';
import { RevisionTimeline } from './RevisionTimeline';
import { SignatureCard } from './SignatureCard';
import { SignedVersionDialog, type VerifiedSource } from './SignedVersionDialog';

export function ReportView({ report, source }: { report: DescribedReport; source: VerifiedSource }) {
  const [viewing, setViewing] = useState<{ signature: number; length: number } | null>(null);
  const { t } = useTranslation();
  const { language } = useLanguage();
  const download = () => {
    const text = renderReportText(report, language === 'zh-CN' ? 'zh' : 'en');
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `verification-${report.sha256.slice(0, 12)}.txt`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Flex vertical gap={16} data-testid="verify-report">
      <BottomLine report={report} />
      <Card
        title={t('verify.document.title')}
        extra={
          <Button icon={<DownloadOutlined />} onClick={download} data-testid="verify-export">
            {t('verify.document.export')}
          </Button>
        }
      >
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label="SHA-256">
            <Typography.Text className="affix-mono" copyable>
              {report.sha256}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('verify.document.revisions')}>{report.revisions}</Descriptions.Item>
          <Descriptions.Item label={t('verify.document.anchors')}>{report.trustAnchors}</Descriptions.Item>
          <Descriptions.Item label={t('verify.document.verifiedAt')}>{formatDateTime(report.verifiedAt, language)}</Descriptions.Item>
        </Descriptions>
      </Card>
      {report.signatures.map((s, i) => {
        const range = s.byteRange;
        return (
          <SignatureCard
            key={`${s.field}-${i}`}
            s={s}
            known={report.workspaceSigners?.[i] ?? null}
            index={i}
            onViewSigned={range ? () => setViewing({ signature: i + 1, length: range[2] + range[3] }) : undefined}
          />
        );
      })}
      {viewing && <SignedVersionDialog source={source} length={viewing.length} signature={viewing.signature} onClose={() => setViewing(null)} />}
      {report.signatures.length > 0 && <RevisionTimeline report={report} />}
    </Flex>
  );
}
