/**
 * Which workspace folder is open, how it was chosen, and — in the desktop
 * app — a folder kept for the next start. The open workspace never changes
 * under the user's feet: a new choice applies when Affix starts again.
 */
import { FolderOpenOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WorkspaceLocation } from '../../../../shared/contract/workspace';
import { affix, unwrap } from '../../api';
import { chooseFile } from '../../choose-file';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../use-action';
import { useCall } from '../../use-call';

export function WorkspaceLocationCard() {
  const { t } = useTranslation();
  const location = useCall(() => affix().settings.workspaceLocation({}));
  return (
    <Card title={t('settings.workspace.title')} data-testid="settings-workspace">
      {location.status === 'loading' && <Skeleton active paragraph={{ rows: 2 }} />}
      {location.status === 'error' && <ErrorAlert error={location.error} />}
      {location.status === 'ok' && <LocationView value={location.value} onChanged={location.reload} />}
    </Card>
  );
}

function LocationView({ value, onChanged }: { value: WorkspaceLocation; onChanged: () => void }) {
  const { t } = useTranslation();
  const chosenBy: Record<NonNullable<WorkspaceLocation['chosenBy']>, string> = {
    argument: t('settings.workspace.chosenByArgument'),
    environment: t('settings.workspace.chosenByEnvironment'),
    preference: t('settings.workspace.chosenByPreference'),
    default: t('settings.workspace.chosenByDefault'),
  };
  // --home and AFFIX_HOME come before the kept folder at every start, so a choice made now would not apply.
  const overriddenBy = value.chosenBy === 'argument' || value.chosenBy === 'environment' ? chosenBy[value.chosenBy] : null;
  return (
    <Flex vertical gap={12}>
      <Descriptions column={1} size="small" bordered styles={{ label: { width: 200 } }}>
        <Descriptions.Item label={t('settings.workspace.current')}>
          <Typography.Text className="affix-mono" copyable={{ text: value.current }}>
            <span data-testid="settings-workspace-current">{value.current}</span>
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('settings.workspace.chosenBy')}>
          <span data-testid="settings-workspace-chosen-by" data-value={value.chosenBy ?? 'caller'}>
            {value.chosenBy ? chosenBy[value.chosenBy] : t('settings.workspace.chosenByCaller')}
          </span>
        </Descriptions.Item>
        {value.canChoose && (
          <Descriptions.Item label={t('settings.workspace.nextStart')}>
            <Typography.Text className="affix-mono" data-testid="settings-workspace-next">
              {value.nextStart ?? t('settings.workspace.nextStartDefault', { path: value.defaultHome ?? '' })}
            </Typography.Text>
          </Descriptions.Item>
        )}
      </Descriptions>
      {value.canChoose ? (
        <NextStartForm value={value} onChanged={onChanged} overriddenBy={overriddenBy} />
      ) : (
        <Typography.Paragraph type="secondary" style={{ margin: 0 }} data-testid="settings-workspace-fixed">
          {t('settings.workspace.notChoosable')}
        </Typography.Paragraph>
      )}
    </Flex>
  );
}

function NextStartForm({ value, onChanged, overriddenBy }: { value: WorkspaceLocation; onChanged: () => void; overriddenBy: string | null }) {
  const { t } = useTranslation();
  // The folder is chosen in the main process's folder dialog: the window hands over its handle, never a path.
  const save = useAction(async (choice: 'choose' | 'default') => {
    if (choice === 'default') return unwrap(affix().settings.setWorkspaceLocation({ path: null }));
    const folder = await chooseFile('workspace-folder');
    return folder && unwrap(affix().settings.setWorkspaceLocation({ folder: folder.handle }));
  }, onChanged);
  return (
    <>
      {overriddenBy && <Alert type="info" showIcon title={t('settings.workspace.overridden', { by: overriddenBy })} />}
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('settings.workspace.rules')}
      </Typography.Paragraph>
      <Flex gap={8} wrap data-testid="settings-workspace-form">
        <Button
          type="primary"
          icon={<FolderOpenOutlined />}
          loading={save.running}
          onClick={() => save.submit('choose')}
          data-testid="settings-workspace-choose"
        >
          {t('settings.workspace.choose')}
        </Button>
        <Button disabled={value.nextStart === null || save.running} onClick={() => save.submit('default')} data-testid="settings-workspace-default">
          {t('settings.workspace.useDefault')}
        </Button>
      </Flex>
      {save.error && <ErrorAlert error={save.error} title={t('settings.workspace.saveFailed')} />}
    </>
  );
}
