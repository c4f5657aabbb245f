/**
 * PKCS#11 module libraries (smart cards, USB keys, HSMs) and the tokens in
 * their slots. A library is registered only after the main process loaded it
 * and listed its slots; the list reloads every module, so a token plugged in
 * since shows up on refresh.
 */
import {
  CheckCircleFilled,
  DeleteOutlined,
  ExclamationCircleFilled,
  FolderOpenOutlined,
  LockOutlined,
  ReloadOutlined,
  UnlockOutlined,
} from '@ant-design/icons';
import { Alert, Button, type ButtonProps, Card, Empty, Flex, Modal, Popconfirm, Skeleton, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChosenFile } from '../../../../shared/contract/files';
import type { Pkcs11Module, Pkcs11Token } from '../../../../shared/contract/settings';
import { affix, unwrap } from '../../api';
import { chooseFile } from '../../choose-file';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatBytes } from '../../format';
import { useLanguage } from '../../language';
import { useAction } from '../../use-action';
import { useCall } from '../../use-call';
import { StateTag } from '../../components/StateTag';
import { TokenContents } from './TokenContents';

export function Pkcs11Card() {
  const { t } = useTranslation();
  const modules = useCall(() => affix().pkcs11.list({}));
  // The library chosen in the main process's open dialog, waiting for the user's word before it is loaded.
  const [pending, setPending] = useState<ChosenFile | null>(null);
  const choose = useAction(chooseFile, setPending);
  const add = useAction((module: ChosenFile) => {
    setPending(null);
    return unwrap(affix().pkcs11.add({ module: module.handle }));
  }, modules.reload);
  return (
    <Card
      title={t('settings.pkcs11.title')}
      data-testid="settings-pkcs11"
      extra={
        <Button icon={<ReloadOutlined />} onClick={modules.reload} data-testid="settings-pkcs11-refresh">
          {t('common.refresh')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('settings.pkcs11.help')}</Typography.Paragraph>
      <Button
        type="primary"
        icon={<FolderOpenOutlined />}
        loading={choose.running || add.running}
        onClick={() => choose.submit('pkcs11-module')}
        data-testid="settings-pkcs11-add"
        style={{ marginBottom: 12 }}
      >
        {t('settings.pkcs11.add')}
      </Button>
      {pending && <ConfirmModule module={pending} onConfirm={() => add.submit(pending)} onCancel={() => setPending(null)} />}
      {choose.error && <ErrorAlert error={choose.error} title={t('settings.pkcs11.addFailed')} style={{ marginBottom: 12 }} />}
      {add.error && <ErrorAlert error={add.error} title={t('settings.pkcs11.addFailed')} style={{ marginBottom: 12 }} />}
      {modules.status === 'loading' && <Skeleton active paragraph={{ rows: 2 }} />}
      {modules.status === 'error' && <ErrorAlert error={modules.error} />}
      {modules.status === 'ok' &&
        (modules.value.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('settings.pkcs11.empty')} data-testid="settings-pkcs11-empty" />
        ) : (
          <Flex vertical gap={12}>
            {modules.value.map((m) => (
              <ModuleView key={m.path} module={m} onRemoved={modules.reload} />
            ))}
          </Flex>
        ))}
    </Card>
  );
}

/** What will be loaded, said before it is: loading a library runs its code in the main process. */
function ConfirmModule({ module, onConfirm, onCancel }: { module: ChosenFile; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  return (
    <Modal
      open
      title={t('settings.pkcs11.confirmTitle')}
      okText={t('settings.pkcs11.confirmOk')}
      okButtonProps={{ 'data-testid': 'settings-pkcs11-confirm' } as ButtonProps}
      onOk={onConfirm}
      onCancel={onCancel}
    >
      <Typography.Paragraph data-testid="settings-pkcs11-pending">
        {t('settings.pkcs11.confirmBody', { name: module.name, size: formatBytes(module.size, language) })}
      </Typography.Paragraph>
    </Modal>
  );
}

function ModuleView({ module: m, onRemoved }: { module: Pkcs11Module; onRemoved: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Pkcs11Token | null>(null);
  const remove = useAction(() => unwrap(affix().pkcs11.remove({ path: m.path })), onRemoved);
  return (
    <Card
      size="small"
      type="inner"
      data-testid="settings-pkcs11-module"
      data-path={m.path}
      title={<Typography.Text className="affix-mono">{m.path}</Typography.Text>}
      extra={
        <Popconfirm
          title={t('settings.pkcs11.removeConfirm')}
          okText={t('settings.pkcs11.remove')}
          cancelText={t('settings.cancel')}
          onConfirm={() => void remove.submit(undefined)}
        >
          <Button size="small" icon={<DeleteOutlined />} loading={remove.running} data-testid="settings-pkcs11-remove">
            {t('settings.pkcs11.remove')}
          </Button>
        </Popconfirm>
      }
    >
      {m.library && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('settings.pkcs11.library', { description: m.library.description, manufacturer: m.library.manufacturer, version: m.library.cryptokiVersion })}
        </Typography.Paragraph>
      )}
      {m.error && <Alert type="warning" showIcon title={t('settings.pkcs11.unavailable')} description={m.error} data-testid="settings-pkcs11-module-error" />}
      {remove.error && <ErrorAlert error={remove.error} style={{ marginBottom: 8 }} />}
      {!m.error && (
        <Table<Pkcs11Token>
          data-testid="settings-pkcs11-tokens"
          rowKey="slotId"
          size="small"
          pagination={false}
          dataSource={m.tokens}
          locale={{ emptyText: t('settings.pkcs11.noTokens') }}
          columns={[
            {
              title: t('settings.pkcs11.token.label'),
              dataIndex: 'label',
              render: (v: string) => v || <Typography.Text type="secondary">{t('settings.pkcs11.token.unnamed')}</Typography.Text>,
            },
            { title: t('settings.pkcs11.token.manufacturer'), dataIndex: 'manufacturer' },
            { title: t('settings.pkcs11.token.model'), dataIndex: 'model' },
            {
              title: t('settings.pkcs11.token.serial'),
              dataIndex: 'serial',
              render: (v: string) => <Typography.Text className="affix-mono">{v || '—'}</Typography.Text>,
            },
            {
              title: t('settings.pkcs11.token.state'),
              key: 'state',
              render: (_: unknown, tok) => (
                <Flex gap={4} wrap>
                  {tok.initialized ? (
                    <StateTag quiet tone="ok" icon={CheckCircleFilled}>
                      {t('settings.pkcs11.token.initialized')}
                    </StateTag>
                  ) : (
                    <StateTag quiet tone="warning" icon={ExclamationCircleFilled}>
                      {t('settings.pkcs11.token.notInitialized')}
                    </StateTag>
                  )}
                  <StateTag quiet tone="neutral" icon={tok.loginRequired ? LockOutlined : UnlockOutlined}>
                    {tok.loginRequired ? t('settings.pkcs11.token.loginRequired') : t('settings.pkcs11.token.noLogin')}
                  </StateTag>
                </Flex>
              ),
            },
            {
              title: t('settings.pkcs11.token.contents'),
              key: 'contents',
              render: (_: unknown, tok) => (
                <Button
                  size="small"
                  disabled={!tok.initialized}
                  onClick={() => setOpen(tok)}
                  data-testid="settings-pkcs11-show"
                  aria-label={t('settings.pkcs11.token.showFor', { label: tok.label || tok.slotId })}
                >
                  {t('settings.pkcs11.token.show')}
                </Button>
              ),
            },
          ]}
        />
      )}
      {open && <TokenContents key={open.slotId} modulePath={m.path} token={open} onClose={() => setOpen(null)} />}
    </Card>
  );
}
