/**
 * Verifying a certificate's QR code as a bank clerk would: a scan or the PDF
 * dropped or chosen (or the code's text pasted), checked against this
 * office's keys and, when given, a status list. The verdict comes with each
 * check and, for a status list, how old it is.
 */
import { CheckCircleOutlined, CloseCircleOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Input, List, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { CertVerificationSchema } from '../../../../shared/contract/certificates';
import { affix, type AffixCallError, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FileDrop, type PickedFile } from '../../components/FileDrop';
import { formatDateTime } from '../../format';
import { useLanguage } from '../../language';
import { useAction } from '../../use-action';

type Verification = z.infer<typeof CertVerificationSchema>;
type Source = 'image' | 'text';

export function VerifyCertCard() {
  const { t } = useTranslation();
  const [source, setSource] = useState<Source>('image');
  const [image, setImage] = useState<PickedFile | null>(null);
  const [text, setText] = useState('');
  const [list, setList] = useState<PickedFile | null>(null);
  const [fileError, setFileError] = useState<AffixCallError | null>(null);
  const [result, setResult] = useState<Verification | null>(null);
  const run = useAction(
    () =>
      unwrap(
        affix().certificates.verify({
          ...(source === 'image' ? { image: { name: image!.name, base64: image!.base64 } } : { qr: text.trim() }),
          statusLists: list ? [{ name: list.name, base64: list.base64 }] : [],
        }),
      ),
    setResult,
  );
  const ready = source === 'image' ? !!image : text.trim().length > 0;
  return (
    <Card title={t('certs.verify.title')}>
      <Typography.Paragraph type="secondary">{t('certs.verify.help')}</Typography.Paragraph>
      <Segmented<Source>
        value={source}
        onChange={setSource}
        aria-label={t('certs.verify.source')}
        options={[
          { value: 'image', label: t('certs.verify.byImage') },
          { value: 'text', label: t('certs.verify.byText') },
        ]}
        style={{ marginBottom: 12 }}
      />
      <Flex gap={12} wrap>
        <div style={{ flex: '1 1 320px' }}>
          {source === 'image' ? (
            <FileDrop
              label={image ? t('certs.verify.imageChosen', { name: image.name }) : t('certs.verify.imageDrop')}
              hint={t('certs.verify.imageHint')}
              accept=".png,.pdf,image/png,application/pdf"
              testId="cert-verify-image"
              onFile={setImage}
              onError={setFileError}
            />
          ) : (
            <Input.TextArea
              rows={4}
              className="affix-mono"
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder="AFX1:…"
              aria-label={t('certs.verify.textLabel')}
              data-testid="cert-verify-text"
            />
          )}
        </div>
        <div style={{ flex: '1 1 320px' }}>
          <FileDrop
            label={list ? t('certs.verify.listChosen', { name: list.name }) : t('certs.verify.listDrop')}
            hint={t('certs.verify.listHint')}
            accept=".cwt"
            testId="cert-verify-list"
            onFile={setList}
            onError={setFileError}
          />
        </div>
      </Flex>
      <Button
        type="primary"
        style={{ marginTop: 12 }}
        disabled={!ready}
        loading={run.running}
        onClick={() => void run.submit(undefined)}
        data-testid="cert-verify-submit"
      >
        {t('certs.verify.submit')}
      </Button>
      {fileError && <ErrorAlert error={fileError} style={{ marginTop: 12 }} />}
      {run.error && <ErrorAlert error={run.error} title={t('certs.verify.failed')} style={{ marginTop: 12 }} />}
      {result && !run.error && <VerificationView v={result} />}
    </Card>
  );
}

function VerificationView({ v }: { v: Verification }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const verdicts: Record<Verification['verdict'], { type: 'success' | 'error' | 'warning'; title: string }> = {
    VALID: { type: 'success', title: t('certs.verify.valid') },
    REVOKED: { type: 'error', title: t('certs.verify.revoked') },
    FAILED: { type: 'error', title: t('certs.verify.failedVerdict') },
    INDETERMINATE: { type: 'warning', title: t('certs.verify.indeterminate') },
  };
  const checkNames: Record<Verification['checks'][number]['id'], string> = {
    format: t('certs.verify.checks.format'),
    key: t('certs.verify.checks.key'),
    signature: t('certs.verify.checks.signature'),
    claims: t('certs.verify.checks.claims'),
    validity: t('certs.verify.checks.validity'),
    status: t('certs.verify.checks.status'),
  };
  const c = v.claims;
  const date = (s: number) => formatDateTime(new Date(s * 1000).toISOString(), language);
  return (
    <Flex vertical gap={12} style={{ marginTop: 12 }} data-testid="cert-verify-result" data-verdict={v.verdict}>
      <Alert
        type={verdicts[v.verdict].type}
        showIcon
        title={verdicts[v.verdict].title}
        description={
          v.statusList
            ? t('certs.verify.listAge', { date: formatDateTime(v.statusList.issuedAt, language), hours: Math.round(v.statusList.ageSeconds / 3600) })
            : t('certs.verify.noList')
        }
      />
      {c && (
        <Descriptions
          size="small"
          bordered
          column={1}
          items={[
            { key: 'number', label: t('certs.register.number'), children: c.number },
            { key: 'type', label: t('certs.register.type'), children: c.type },
            { key: 'holder', label: t('certs.register.holder'), children: c.holder },
            { key: 'issuer', label: t('certs.verify.issuer'), children: `${v.office?.name ?? ''} ${c.issuerUscc}` },
            { key: 'issued', label: t('certs.register.issuedAt'), children: date(c.issuedAt) },
            ...(c.validUntil ? [{ key: 'until', label: t('certs.verify.validUntil'), children: date(c.validUntil) }] : []),
          ]}
        />
      )}
      <List
        size="small"
        bordered
        dataSource={v.checks}
        renderItem={(ch) => (
          <List.Item>
            <Flex gap={8} align="center">
              {ch.ok === true ? (
                <CheckCircleOutlined style={{ color: '#237804' }} aria-hidden />
              ) : ch.ok === false ? (
                <CloseCircleOutlined style={{ color: '#a8071a' }} aria-hidden />
              ) : (
                <QuestionCircleOutlined style={{ color: '#874d00' }} aria-hidden />
              )}
              <Typography.Text strong>{checkNames[ch.id]}</Typography.Text>
              <Typography.Text>
                {ch.ok === true ? t('certs.verify.pass') : ch.ok === false ? t('certs.verify.fail') : t('certs.verify.unknown')}
              </Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
    </Flex>
  );
}
