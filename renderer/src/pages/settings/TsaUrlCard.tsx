/**
 * The time-stamping authority this workspace uses: signatures made with it
 * configured are PAdES B-T (a token proves when they existed), and the
 * ledger's checkpoints are timestamped by it. The URL is checked here (http
 * or https) before the main process checks it again; "Test" asks the TSA for
 * a token over a throwaway digest, so a typo shows before a signature needs it.
 */
import { Alert, Button, Card, Flex, Form, Input, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { affix, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../format';
import { useLanguage } from '../../language';
import { useAction } from '../../use-action';
import { useCall } from '../../use-call';

/** The reason a typed URL is not one a TSA can be reached at, or null. */
export function tsaUrlProblem(value: string): 'empty' | 'notUrl' | 'scheme' | null {
  const v = value.trim();
  if (!v) return 'empty';
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return 'notUrl';
  }
  return u.protocol === 'http:' || u.protocol === 'https:' ? null : 'scheme';
}

export function TsaUrlCard() {
  const { t } = useTranslation();
  const current = useCall(() => affix().timestamps.tsaUrl({}));
  return (
    <Card title={t('settings.tsa.title')} data-testid="settings-tsa">
      <Typography.Paragraph type="secondary">{t('settings.tsa.help')}</Typography.Paragraph>
      {current.status === 'loading' && <Skeleton active paragraph={{ rows: 1 }} />}
      {current.status === 'error' && <ErrorAlert error={current.error} />}
      {current.status === 'ok' && <TsaUrlForm url={current.value.url} onChanged={current.reload} />}
    </Card>
  );
}

function TsaUrlForm({ url, onChanged }: { url: string | null; onChanged: () => void }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const [form] = Form.useForm<{ url: string }>();
  const [saved, setSaved] = useState<'saved' | 'cleared' | null>(null);
  const [probe, setProbe] = useState<{ genTime: string; millis: number } | null>(null);
  const save = useAction(
    (next: string | null) => unwrap(affix().timestamps.setTsaUrl({ url: next })),
    (r) => {
      setSaved(r.url ? 'saved' : 'cleared');
      setProbe(null);
      form.setFieldValue('url', r.url ?? '');
      onChanged();
    },
  );
  const test = useAction(
    (typed: string) => unwrap(affix().timestamps.testTsaUrl({ url: typed })),
    (r) => setProbe(r),
  );
  const problems = { empty: t('settings.tsa.empty'), notUrl: t('settings.tsa.notUrl'), scheme: t('settings.tsa.scheme') };
  const validate = async (_: unknown, value: string | undefined) => {
    const problem = tsaUrlProblem(value ?? '');
    if (problem) throw new Error(problems[problem]);
  };
  const typed = () => (form.getFieldValue('url') as string | undefined)?.trim() ?? '';
  return (
    <Flex vertical gap={12}>
      <Typography.Text data-testid="settings-tsa-state" data-value={url ? 'set' : 'none'}>
        {url ? t('settings.tsa.current', { url }) : t('settings.tsa.none')}
      </Typography.Text>
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ url: url ?? '' }}
        onValuesChange={() => {
          setSaved(null);
          setProbe(null);
        }}
        onFinish={(v) => save.submit(v.url.trim())}
      >
        <Form.Item name="url" label={t('settings.tsa.url')} rules={[{ validator: validate }]} extra={t('settings.tsa.urlHint')}>
          <Input className="affix-mono" placeholder="https://tsa.example.org/" autoComplete="off" spellCheck={false} data-testid="settings-tsa-url" />
        </Form.Item>
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={save.running} data-testid="settings-tsa-save">
            {t('settings.tsa.save')}
          </Button>
          <Button
            loading={test.running}
            data-testid="settings-tsa-test"
            onClick={() =>
              void form.validateFields().then(
                () => test.submit(typed()),
                () => undefined,
              )
            }
          >
            {t('settings.tsa.test')}
          </Button>
          {url && (
            <Button danger disabled={save.running} onClick={() => save.submit(null)} data-testid="settings-tsa-clear">
              {t('settings.tsa.clear')}
            </Button>
          )}
        </Space>
      </Form>
      {saved && (
        <Alert type="success" showIcon title={saved === 'saved' ? t('settings.tsa.saved') : t('settings.tsa.cleared')} data-testid="settings-tsa-saved" />
      )}
      {probe && (
        <Alert
          type="success"
          showIcon
          title={t('settings.tsa.reachable', { time: formatDateTime(probe.genTime, language), millis: probe.millis })}
          data-testid="settings-tsa-reachable"
        />
      )}
      {test.error && <ErrorAlert error={test.error} title={t('settings.tsa.unreachable')} />}
      {save.error && <ErrorAlert error={save.error} title={t('settings.tsa.saveFailed')} />}
    </Flex>
  );
}
