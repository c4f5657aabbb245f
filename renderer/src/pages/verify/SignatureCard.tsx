/**
 * One signature: its verdict in a word, the four parts of it (each agreeing
 * with the verdict), who signed in words with the seal as stamped, when, and
 * what changed after it.
 */
import { CheckCircleFilled, CloseCircleFilled, EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WorkspaceSigner } from '../../../../shared/contract/verification';
import type { SignatureReport } from '../../../../shared/verify/report';
import { StateTag } from '../../components/StateTag';
import { formatDateTime } from '../../format';
import { statusReason } from '../../../../shared/verify/reason-words';
import { useLanguage } from '../../language';
import { changeKindWords } from './change-kinds';
import { INDICATION_STATE, signatureParts } from './check-state';
import { CheckTag } from './CheckTag';
import { SignerInWords } from './SignerInWords';
import { subIndicationWords } from './sub-indications';

interface Props {
  s: SignatureReport;
  known: WorkspaceSigner | null;
  index: number;
  onViewSigned?: () => void;
}

export function SignatureCard({ s, known, index, onViewSigned }: Props) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const kinds: Record<SignatureReport['kind'], string> = {
    approval: t('verify.signature.kinds.approval'),
    certification: t('verify.signature.kinds.certification'),
    'document-timestamp': t('verify.signature.kinds.timestamp'),
  };
  const coverage: Record<SignatureReport['coverage'], string> = {
    'whole-file': t('verify.signature.coverage.wholeFile'),
    'own-revision': t('verify.signature.coverage.ownRevision'),
    anomalous: t('verify.signature.coverage.anomalous'),
  };
  const docMdp: Record<1 | 2 | 3, string> = {
    1: t('verify.signature.docMdp.noChanges'),
    2: t('verify.signature.docMdp.formFilling'),
    3: t('verify.signature.docMdp.annotations'),
  };
  const parts = signatureParts(s);
  const changeKinds = changeKindWords(t);
  return (
    <Card
      data-testid={`verify-signature-${index}`}
      data-indication={s.status.indication}
      title={
        <Space wrap>
          <span>{t('verify.signature.title', { n: index + 1 })}</span>
          <Tag>{kinds[s.kind]}</Tag>
          {s.docMdp && <Tag color="purple">{docMdp[s.docMdp]}</Tag>}
        </Space>
      }
      extra={<CheckTag state={INDICATION_STATE[s.status.indication]} testId={`verify-signature-${index}-status`} />}
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <CheckTag state={parts.intact} label={t('verify.signature.intact')} testId={`verify-signature-${index}-intact`} />
        <CheckTag state={parts.valid} label={t('verify.signature.valid')} testId={`verify-signature-${index}-valid`} />
        <CheckTag state={parts.trusted} label={t('verify.signature.trusted')} testId={`verify-signature-${index}-trusted`} />
        <CheckTag state={parts.unchanged} label={t('verify.signature.unchanged')} testId={`verify-signature-${index}-unchanged`} />
        {onViewSigned && (
          <Button size="small" icon={<EyeOutlined />} onClick={onViewSigned} data-testid={`verify-signature-${index}-as-signed`}>
            {t('verify.asSigned.open')}
          </Button>
        )}
      </Space>
      {s.status.indication !== 'TOTAL-PASSED' && (
        <Alert
          type={s.status.indication === 'TOTAL-FAILED' ? 'error' : 'warning'}
          showIcon
          title={subIndicationWords(t)[s.status.subIndication]}
          description={statusReason(s.status, language === 'zh-CN' ? 'zh' : 'en', s)}
          style={{ marginBottom: 12 }}
          data-testid={`verify-signature-${index}-why`}
        />
      )}
      <SignerInWords s={s} known={known} index={index} />
      <Descriptions column={{ xs: 1, lg: 2 }} size="small" style={{ marginTop: 8 }}>
        <Descriptions.Item label={t('verify.signature.claimedTime')}>{s.time?.claimed ? formatDateTime(s.time.claimed, language) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('verify.signature.timestamp')}>
          {s.time?.timestamp ? formatDateTime(s.time.timestamp, language) : t('verify.signature.noTimestamp')}
        </Descriptions.Item>
        <Descriptions.Item label={t('verify.signature.provenTime')}>
          <span data-testid={`verify-signature-${index}-proven-time`}>
            {s.time?.checkedAtSource === 'timestamp'
              ? t('verify.signature.provenBySignatureTimestamp', { time: formatDateTime(s.time.checkedAt, language) })
              : s.time?.checkedAtSource === 'document-timestamp'
                ? t('verify.signature.provenByDocumentTimestamp', { time: formatDateTime(s.time.checkedAt, language) })
                : t('verify.signature.notProven')}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('verify.signature.algorithm')}>{s.algorithm ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('verify.signature.subFilter')}>
          <Typography.Text className="affix-mono">{s.subFilter || '—'}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('verify.signature.coverageLabel')}>{coverage[s.coverage]}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5}>{t('verify.signature.laterChanges')}</Typography.Title>
      {s.modifications.length === 0 ? (
        <Typography.Text type="secondary">{t('verify.signature.noChanges')}</Typography.Text>
      ) : (
        <List
          size="small"
          data-testid={`verify-signature-${index}-changes`}
          dataSource={s.modifications}
          renderItem={(m) => (
            <List.Item>
              <Space wrap>
                <StateTag tone={m.allowed ? 'ok' : 'error'} icon={m.allowed ? CheckCircleFilled : CloseCircleFilled}>
                  {m.allowed ? t('verify.signature.allowed') : t('verify.signature.notAllowed')}
                </StateTag>
                <Tag>{t('verify.signature.revision', { n: m.revision })}</Tag>
                <span>{changeKinds[m.kind]}</span>
                {m.attack && <Tag color="volcano">{m.attack}</Tag>}
                {/* The verifier's detail names PDF objects in English; a Chinese reader gets the kind of change in words. */}
                {language === 'en' && <Typography.Text type="secondary">{m.detail}</Typography.Text>}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
