/**
 * "View this version as signed": the document exactly as one signature
 * covers it — the file's bytes up to the end of that signature's byte range —
 * drawn by pdf.js. Whatever later revisions added or changed is absent, so a
 * clerk sees what the signer saw. The SHA-256 of that version is shown so it
 * can be compared with the ledger or another copy.
 */
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { Alert, Button, Descriptions, Flex, Modal, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PickedFile } from '../../components/FileDrop';
import { fromBase64, toBase64 } from '../../pdf/pdfjs';
import { usePdf } from '../../pdf/use-pdf';
import { PageCanvas } from '../documents/placement/PageCanvas';

/** The verified PDF: the bytes the window read from a dropped or chosen file (the window names no path). */
export type VerifiedSource = { file: PickedFile };

type Version = { status: 'loading' } | { status: 'ok'; base64: string; sha256: string } | { status: 'error'; message: string };

async function loadVersion(source: VerifiedSource, length: number): Promise<{ base64: string; sha256: string }> {
  const whole = fromBase64(source.file.base64);
  if (length > whole.length) throw new Error(`${source.file.name} has ${whole.length} bytes, fewer than the ${length} the signature covers.`);
  const version = whole.subarray(0, length);
  // @noble/hashes, not crypto.subtle: WebCrypto exists only in secure contexts.
  return { base64: toBase64(version), sha256: bytesToHex(sha256(version)) };
}

export function SignedVersionDialog({
  source,
  length,
  signature,
  onClose,
}: {
  source: VerifiedSource;
  length: number;
  signature: number;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [version, setVersion] = useState<Version>({ status: 'loading' });
  const [page, setPage] = useState(1);
  const [renderError, setRenderError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadVersion(source, length).then(
      (v) => live && setVersion({ status: 'ok', ...v }),
      (e: unknown) => live && setVersion({ status: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [source, length]);
  const pdf = usePdf(version.status === 'ok' ? version.base64 : undefined);
  const pages = pdf.status === 'ok' ? pdf.pdf.numPages : 0;
  const problem = version.status === 'error' ? version.message : pdf.status === 'error' ? pdf.message : renderError;
  return (
    <Modal open title={t('verify.asSigned.title', { n: signature })} onCancel={onClose} footer={null} width={720} destroyOnHidden>
      <Flex vertical gap={12} data-testid="signed-version">
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('verify.asSigned.help', { bytes: length })}
        </Typography.Paragraph>
        {version.status === 'ok' && (
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('verify.asSigned.digest')}>
              <Typography.Text className="affix-mono" copyable data-testid="signed-version-sha256">
                {version.sha256}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        )}
        {problem && <Alert type="error" showIcon title={t('verify.asSigned.failed')} description={problem} />}
        {!problem && pdf.status !== 'ok' && <Skeleton active paragraph={{ rows: 6 }} />}
        {pdf.status === 'ok' && (
          <>
            <Flex justify="center" align="center" gap={8}>
              <Button icon={<LeftOutlined />} disabled={page <= 1} onClick={() => setPage(page - 1)} aria-label={t('verify.asSigned.previous')} />
              <Typography.Text data-testid="signed-version-page">{t('verify.asSigned.page', { page, pages })}</Typography.Text>
              <Button icon={<RightOutlined />} disabled={page >= pages} onClick={() => setPage(page + 1)} aria-label={t('verify.asSigned.next')} />
            </Flex>
            <Flex justify="center" style={{ background: '#f0f0f0', padding: 8, overflow: 'auto' }}>
              <PageCanvas pdf={pdf.pdf} page={page} scale={1} label={t('verify.asSigned.pageLabel', { page, n: signature })} onError={setRenderError} />
            </Flex>
          </>
        )}
      </Flex>
    </Modal>
  );
}
