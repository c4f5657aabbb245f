/**
 * The air-gapped TSA: a query file (.tsq) brought on removable media is
 * chosen in the open dialog, the reply (.tsr) saved where the save dialog
 * says; the main process reads and writes both by handle. The TSA's key
 * needs the workspace passphrase, asked when the main process says so.
 */
import { FileSearchOutlined, FolderOpenOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Modal, Space, Typography, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChosenFile } from '../../../../shared/contract/files';
import type { TimeStampingAuthority } from '../../../../shared/contract/timestamps';
import { type AffixCallError, affix, asCallError, unwrap } from '../../api';
import { chooseFile } from '../../choose-file';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NeededSecretField } from '../../components/NeededSecretField';
import { formatDateTime } from '../../format';
import { useLanguage } from '../../language';
import { useAction } from '../../use-action';
import { askingForSecret, type Needed } from './ask-secret';

const replyNameFor = (query: string) => `${query.replace(/\.tsq$/i, '')}.tsr`;

export function StampDialog({ tsa, onClose, onStamped }: { tsa: TimeStampingAuthority; onClose: () => void; onStamped: () => void }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const [form] = Form.useForm<{ passphrase?: string }>();
  const [query, setQuery] = useState<ChosenFile | null>(null);
  const [reply, setReply] = useState<{ handle: string; name: string } | null>(null);
  const [dialogError, setDialogError] = useState<AffixCallError | null>(null);
  const [needs, setNeeds] = useState<Needed>(null);
  const [done, setDone] = useState<{ serial: string; genTime: string; ledgerIndex: number; reply: string } | null>(null);
  const run = useAction(
    (v: { passphrase?: string }) => {
      if (!query || !reply) throw new Error(t('timestamps.stamp.chooseFirst'));
      return askingForSecret(
        () =>
          unwrap(affix().timestamps.stamp({ tsaId: tsa.id, query: query.handle, reply: reply.handle, ...(v.passphrase ? { passphrase: v.passphrase } : {}) })),
        v.passphrase !== undefined,
        (n) => {
          setNeeds(n);
          form.setFieldValue('passphrase', undefined);
        },
      );
    },
    (r) => r && setDone(r),
  );
  const pick = async (which: 'query' | 'reply') => {
    setDialogError(null);
    try {
      if (which === 'query') {
        const chosen = await chooseFile('timestamp-query');
        if (chosen) setQuery(chosen);
      } else {
        const chosen = await unwrap(affix().files.save({ purpose: 'timestamp-reply', suggestedName: replyNameFor(query?.name ?? 'reply.tsq') }));
        if (chosen) setReply(chosen);
      }
    } catch (e) {
      setDialogError(asCallError(e));
    }
  };
  return (
    <Modal
      open
      title={t('timestamps.stamp.title', { name: tsa.name })}
      okText={done ? t('timestamps.stamp.close') : needs ? t('secretPrompt.retry') : t('timestamps.stamp.submit')}
      cancelText={t('timestamps.cancel')}
      onOk={() => (done ? onStamped() : form.submit())}
      onCancel={done ? onStamped : onClose}
      confirmLoading={run.running}
      okButtonProps={{ 'data-testid': 'tsa-stamp-submit', disabled: !done && (!query || !reply) } as ButtonProps}
      cancelButtonProps={{ style: done ? { display: 'none' } : undefined }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('timestamps.stamp.help')}</Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false} onFinish={run.submit}>
        <Form.Item label={t('timestamps.stamp.query')}>
          <Space wrap>
            <Button icon={<FileSearchOutlined />} onClick={() => void pick('query')} disabled={!!done} data-testid="tsa-stamp-query">
              {t('timestamps.stamp.chooseQuery')}
            </Button>
            {query && (
              <Typography.Text className="affix-mono" data-testid="tsa-stamp-query-name">
                {query.name}
              </Typography.Text>
            )}
          </Space>
        </Form.Item>
        <Form.Item label={t('timestamps.stamp.reply')}>
          <Space wrap>
            <Button icon={<FolderOpenOutlined />} onClick={() => void pick('reply')} disabled={!query || !!done} data-testid="tsa-stamp-reply">
              {t('timestamps.stamp.chooseReply')}
            </Button>
            {reply && (
              <Typography.Text className="affix-mono" data-testid="tsa-stamp-reply-name">
                {reply.name}
              </Typography.Text>
            )}
          </Space>
        </Form.Item>
        {needs && !done && <NeededSecretField needs={needs.need} retrying={needs.retrying} name="passphrase" testId="tsa-stamp-passphrase" />}
      </Form>
      {done && (
        <Alert
          type="success"
          showIcon
          data-testid="tsa-stamp-done"
          title={t('timestamps.stamp.done', { serial: done.serial, time: formatDateTime(done.genTime, language), file: done.reply, index: done.ledgerIndex })}
        />
      )}
      {dialogError && <ErrorAlert error={dialogError} title={t('files.dialogFailed')} />}
      {run.error && <ErrorAlert error={run.error} title={t('timestamps.stamp.failed')} />}
    </Modal>
  );
}
