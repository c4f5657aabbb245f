/**
 * Verify a signed PDF: one bottom line for the document, a card per signature
 * (who, when, intact / valid / trusted, what changed after signing) and the
 * revision timeline. The verdicts are the shared verifier's, the same code the
 * CLI and the standalone verifier run; the page only explains them.
 */
import { CheckCircleFilled, CloseCircleFilled, DownloadOutlined, EyeOutlined, QuestionCircleFilled, SafetyOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Divider, Flex, Form, Input, List, Select, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignatureReport, Status, VerificationReport } from '../../../shared/verify/report';
import { CHECK_TITLES, type ProofReport, type Verdict } from '../../../shared/proof/proof-report';
import { renderReportText } from '../../../shared/verify/render-text';
import { statusReason } from '../../../shared/verify/reason-words';
import { say, translate } from '../../../shared/i18n';
import { type AffixCallError, affix, unwrap } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { FileDrop, type PickedFile } from '../components/FileDrop';
import { PageHeader } from '../components/PageHeader';
import { formatDateTime } from '../format';
import { useLanguage } from '../language';
import { useAction } from '../use-action';
import { SignedVersionDialog, type VerifiedSource } from './verify/SignedVersionDialog';

interface VerifyForm {
  path?: string;
  trust: string[];
  trustPolicy?: string;
}

/** What to verify: a path typed in the form, or a file dropped or chosen (its bytes); with the form's trust settings. */
type VerifyRequest = Omit<VerifyForm, 'path'> & ({ path: string } | { file: PickedFile });

/** What was verified: a signed PDF, or a proof package — each with its own report shape. */
type Outcome = { kind: 'pdf'; report: VerificationReport; source: VerifiedSource } | { kind: 'proof'; report: ProofReport };

const isPackage = (path: string | undefined): boolean => /\.affixproof$/i.test(path?.trim() ?? '');

const INDICATION_COLOR: Record<Status['indication'], string> = { 'TOTAL-PASSED': 'green', INDETERMINATE: 'gold', 'TOTAL-FAILED': 'red' };

function Flag({ ok, label, testId }: { ok: boolean; label: string; testId: string }) {
  return (
    <Tag color={ok ? 'green' : 'red'} icon={ok ? <CheckCircleFilled /> : <CloseCircleFilled />} data-testid={testId} data-ok={String(ok)}>
      {label}
    </Tag>
  );
}

/** The same verifier either way: by path, or with the bytes the window read. */
async function runVerification(r: VerifyRequest): Promise<Outcome> {
  const name = 'file' in r ? r.file.name : r.path;
  if (isPackage(name)) {
    const trustPolicy = r.trustPolicy?.trim() || undefined;
    const report = 'file' in r ? affix().proof.verifyBytes({ name, base64: r.file.base64, trustPolicy }) : affix().proof.verify({ path: name, trustPolicy });
    return { kind: 'proof', report: await unwrap(report) };
  }
  const trust = r.trust.length ? r.trust : undefined;
  const report = 'file' in r ? affix().verification.verifyBytes({ name, base64: r.file.base64, trust }) : affix().verification.verifyFile({ path: name, trust });
  return { kind: 'pdf', report: await unwrap(report), source: 'file' in r ? { file: r.file } : { path: name } };
}

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
        {outcome?.kind === 'pdf' && <ReportView report={outcome.report} source={outcome.source} />}
        {outcome?.kind === 'proof' && <ProofView report={outcome.report} />}
      </Flex>
    </>
  );
}

const readerOf = (language: string): 'zh' | 'en' => (language === 'zh-CN' ? 'zh' : 'en');

function BottomLine({ report }: { report: VerificationReport }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const d = report.document;
  const n = report.signatures.length;
  const title =
    d.indication === 'TOTAL-PASSED'
      ? t('verify.verdict.passed', { count: n })
      : d.indication === 'TOTAL-FAILED'
        ? t('verify.verdict.failed')
        : n === 0
          ? t('verify.verdict.unsigned')
          : t('verify.verdict.indeterminate');
  const advice =
    d.indication === 'TOTAL-PASSED'
      ? t('verify.advice.passed')
      : d.indication === 'TOTAL-FAILED'
        ? t('verify.advice.failed')
        : report.trustAnchors === 0
          ? t('verify.advice.noAnchors')
          : t('verify.advice.indeterminate');
  return (
    <Alert
      type={d.indication === 'TOTAL-PASSED' ? 'success' : d.indication === 'TOTAL-FAILED' ? 'error' : 'warning'}
      showIcon
      data-testid="verify-bottom-line"
      data-indication={d.indication}
      title={title}
      description={
        <>
          {d.indication !== 'TOTAL-PASSED' && (
            <div>
              <Typography.Text code>{d.subIndication}</Typography.Text> {statusReason(d, readerOf(language), report.signatures.find((s) => s.status.indication === d.indication))}
            </div>
          )}
          <div>{advice}</div>
        </>
      }
    />
  );
}

function ReportView({ report, source }: { report: VerificationReport; source: VerifiedSource }) {
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
      {report.signatures.map((s, i) => (
        <SignatureCard key={`${s.field}-${i}`} s={s} index={i} onViewSigned={s.byteRange ? () => setViewing({ signature: i + 1, length: s.byteRange![2] + s.byteRange![3] }) : undefined} />
      ))}
      {viewing && <SignedVersionDialog source={source} length={viewing.length} signature={viewing.signature} onClose={() => setViewing(null)} />}
      {report.signatures.length > 0 && <RevisionTimeline report={report} />}
    </Flex>
  );
}

function SignatureCard({ s, index, onViewSigned }: { s: SignatureReport; index: number; onViewSigned?: () => void }) {
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
  const icon =
    s.status.indication === 'TOTAL-PASSED' ? <CheckCircleFilled /> : s.status.indication === 'TOTAL-FAILED' ? <CloseCircleFilled /> : <QuestionCircleFilled />;
  return (
    <Card
      data-testid={`verify-signature-${index}`}
      data-indication={s.status.indication}
      title={
        <Space wrap>
          <span>{s.field}</span>
          <Tag>{kinds[s.kind]}</Tag>
          {s.docMdp && <Tag color="purple">DocMDP P={s.docMdp}</Tag>}
        </Space>
      }
      extra={
        <Tag color={INDICATION_COLOR[s.status.indication]} icon={icon} data-testid={`verify-signature-${index}-status`}>
          {s.status.indication}
          {s.status.indication !== 'TOTAL-PASSED' && ` · ${s.status.subIndication}`}
        </Tag>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Flag ok={s.intact} label={t('verify.signature.intact')} testId={`verify-signature-${index}-intact`} />
        <Flag ok={s.valid} label={t('verify.signature.valid')} testId={`verify-signature-${index}-valid`} />
        <Flag ok={s.trusted} label={t('verify.signature.trusted')} testId={`verify-signature-${index}-trusted`} />
        <Flag ok={s.modifications.every((m) => m.allowed)} label={t('verify.signature.unchanged')} testId={`verify-signature-${index}-unchanged`} />
        {onViewSigned && (
          <Button size="small" icon={<EyeOutlined />} onClick={onViewSigned} data-testid={`verify-signature-${index}-as-signed`}>
            {t('verify.asSigned.open')}
          </Button>
        )}
      </Space>
      {s.status.indication !== 'TOTAL-PASSED' && <Alert type={s.status.indication === 'TOTAL-FAILED' ? 'error' : 'warning'} title={statusReason(s.status, readerOf(language), s)} style={{ marginBottom: 12 }} />}
      <Descriptions column={{ xs: 1, lg: 2 }} size="small">
        <Descriptions.Item label={t('verify.signature.signer')}>{s.signer?.subject ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('verify.signature.issuer')}>{s.signer?.issuer ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('verify.signature.serial')}>
          <Typography.Text className="affix-mono">{s.signer?.serial ?? '—'}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('verify.signature.claimedTime')}>{s.time?.claimed ? formatDateTime(s.time.claimed, language) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('verify.signature.timestamp')}>{s.time?.timestamp ? formatDateTime(s.time.timestamp, language) : t('verify.signature.noTimestamp')}</Descriptions.Item>
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
        <Descriptions.Item label={t('verify.signature.subFilter')}>{s.subFilter}</Descriptions.Item>
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
                <Tag color={m.allowed ? 'green' : 'red'}>{m.allowed ? t('verify.signature.allowed') : t('verify.signature.notAllowed')}</Tag>
                <Tag>{t('verify.signature.revision', { n: m.revision })}</Tag>
                <Typography.Text>{translate(language, `report.modification.${m.kind}`)}</Typography.Text>
                {m.attack && <Tag color="volcano">{m.attack}</Tag>}
                {/* The verifier's detail names PDF objects in English; a Chinese reader gets the kind of change in words. */}
                {language === 'en' && <span>{m.detail}</span>}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function RevisionTimeline({ report }: { report: VerificationReport }) {
  const { t } = useTranslation();
  const revisions = Array.from({ length: report.revisions }, (_, i) => i + 1);
  return (
    <Card title={t('verify.timeline.title')} data-testid="verify-timeline">
      <Timeline
        items={revisions.map((r) => {
          const signed = report.signatures.filter((s) => s.revision === r);
          const changes = report.signatures.flatMap((s) => s.modifications.filter((m) => m.revision === r));
          const bad = changes.some((m) => !m.allowed) || signed.some((s) => s.status.indication === 'TOTAL-FAILED');
          return {
            color: bad ? 'red' : signed.length ? 'green' : 'gray',
            content: (
              <>
                <Typography.Text strong>{t('verify.signature.revision', { n: r })}</Typography.Text>{' '}
                {signed.length > 0 && t('verify.timeline.signed', { fields: signed.map((s) => s.field).join(', ') })}
                {signed.length === 0 && changes.length === 0 && t('verify.timeline.unsigned')}
                {signed.length === 0 && changes.length > 0 && t('verify.timeline.changes', { count: new Set(changes.map((c) => c.kind)).size })}
              </>
            ),
          };
        })}
      />
    </Card>
  );
}

const VERDICT_ALERT: Record<Verdict, 'success' | 'error' | 'warning'> = { passed: 'success', failed: 'error', indeterminate: 'warning' };
const VERDICT_COLOR: Record<Verdict, string> = { passed: 'green', failed: 'red', indeterminate: 'gold' };

/** A proof package's verdict: one line per check, in the shared verifier's words (the same as the CLI and verify.html). */
function ProofView({ report }: { report: ProofReport }) {
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
              <Typography.Text className="affix-mono">{report.document.ledgerOrigin}</Typography.Text> · {t('verify.proof.checkpointSize', { size: report.document.checkpointSize })}
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
                  <Tag color={VERDICT_COLOR[c.verdict]}>{verdicts[c.verdict]}</Tag>
                  <Typography.Text strong>{CHECK_TITLES[c.id][lang]}</Typography.Text>
                </Space>
                {c.findings.map((m, i) => (
                  <Typography.Text key={i} type={c.verdict === 'passed' ? 'secondary' : undefined}>
                    {say(language, m)}
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
