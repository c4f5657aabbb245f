/**
 * Seals (GB/T 38540 model): each with its own key and certificate, a validity
 * window and the people authorised to use it. Creating and authorising go
 * through the main process, which signs the seal record with the
 * organisation's seal-making key and anchors every step.
 */
import { App, Button, Card, DatePicker, Flex, Form, Input, Radio, Select, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { SealSchema, SealTypeSchema } from '../../../../shared/contract/seals';
import { type AffixCallError, affix, asCallError, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../format';
import { useLanguage } from '../../language';
import { sealLabel } from '../../signer-labels';
import { usePersonNames } from '../../use-person-names';
import { useCall } from '../../use-call';
import { PassphraseItem } from './PassphraseItem';
import { useAction } from '../../use-action';
import { useSealTypeNames } from '../../seal-type-names';

type Seal = z.infer<typeof SealSchema>;
type SealType = z.infer<typeof SealTypeSchema>;
/** What antd's date picker hands back (a dayjs value); only its instant matters here. */
type PickedDate = { toISOString(): string };

interface CreateSealForm {
  orgId: string;
  type: SealType;
  name: string;
  validity: [PickedDate, PickedDate];
  passphrase: string;
}

interface AuthorizeForm {
  sealId: string;
  personId: string;
  action: 'grant' | 'withdraw';
}

type SealState = 'valid' | 'revoked' | 'expired' | 'notYetValid';

const sealState = (s: Seal, now: Date): SealState =>
  s.certRevokedAt ? 'revoked' : new Date(s.validUntil) < now ? 'expired' : new Date(s.validFrom) > now ? 'notYetValid' : 'valid';

export function SealsTab() {
  const seals = useCall(() => affix().seals.list({}));
  return (
    <Flex vertical gap={16}>
      <CreateSealCard onCreated={seals.reload} />
      <AuthorizeCard seals={seals.status === 'ok' ? seals.value : []} onChanged={seals.reload} />
      <SealsList seals={seals} />
    </Flex>
  );
}

function CreateSealCard({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const typeNames = useSealTypeNames();
  const orgs = useCall(() => affix().orgs.list({}));
  const [form] = Form.useForm<CreateSealForm>();
  const create = useAction(
    (v: CreateSealForm) =>
      unwrap(
        affix().seals.create({
          orgId: v.orgId,
          type: v.type,
          name: v.name,
          validFrom: v.validity[0].toISOString(),
          validUntil: v.validity[1].toISOString(),
          passphrase: v.passphrase,
        }),
      ),
    (seal) => {
      void message.success(t('identities.seals.created', { name: seal.name }));
      form.resetFields();
      onCreated();
    },
  );
  const orgOptions = orgs.status === 'ok' ? orgs.value.map((o) => ({ value: o.id, label: `${o.legalName} (${o.uscc})` })) : [];
  const watched = { orgId: Form.useWatch('orgId', form), type: Form.useWatch('type', form), name: Form.useWatch('name', form) };
  return (
    <Card title={t('identities.seals.createTitle')}>
      <Flex gap={24} wrap align="flex-start">
        <Form<CreateSealForm>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={create.submit}
          initialValues={{ type: 'contract' }}
          data-testid="seal-create-form"
          style={{ flex: '1 1 480px' }}
        >
          <Flex gap={16} wrap>
            <Form.Item
              name="orgId"
              label={t('identities.seals.org')}
              rules={[{ required: true, message: t('identities.required') }]}
              style={{ flex: '2 1 300px' }}
            >
              <Select options={orgOptions} loading={orgs.status === 'loading'} notFoundContent={t('identities.orgs.empty')} data-testid="seal-org" />
            </Form.Item>
            <Form.Item name="type" label={t('identities.seals.type')} style={{ flex: '1 1 200px' }}>
              <Select options={Object.entries(typeNames).map(([value, label]) => ({ value, label }))} data-testid="seal-type" />
            </Form.Item>
          </Flex>
          <Flex gap={16} wrap>
            <Form.Item
              name="name"
              label={t('identities.seals.name')}
              rules={[{ required: true, whitespace: true, message: t('identities.required') }]}
              style={{ flex: '1 1 240px' }}
            >
              <Input placeholder={t('identities.seals.namePlaceholder')} data-testid="seal-name" />
            </Form.Item>
            <Form.Item
              name="validity"
              label={t('identities.seals.validity')}
              rules={[{ required: true, message: t('identities.required') }]}
              style={{ flex: '1 1 300px' }}
            >
              <DatePicker.RangePicker data-testid="seal-validity" />
            </Form.Item>
          </Flex>
          <PassphraseItem testId="seal-passphrase" />
          <Button type="primary" htmlType="submit" loading={create.running} data-testid="seal-create-submit">
            {t('identities.seals.create')}
          </Button>
        </Form>
        <SealPreview orgId={watched.orgId} type={watched.type ?? 'contract'} name={watched.name ?? ''} typeName={typeNames[watched.type ?? 'contract']} />
      </Flex>
      {create.error && <ErrorAlert error={create.error} title={t('identities.seals.createFailed')} style={{ marginTop: 12 }} />}
    </Card>
  );
}

/** Wait this long after the last keystroke before drawing the seal again. */
const PREVIEW_DEBOUNCE_MS = 250;

type PreviewState =
  | { status: 'empty' }
  // `drawnFor` names the fields the image was drawn for: while they differ from the current ones, a newer preview is on its way.
  | { status: 'ok'; src: string; name: string; shape: 'circle' | 'ellipse'; drawnFor: string }
  | { status: 'error'; error: AffixCallError };

/** The seal as it will be drawn, redrawn by the main process (the signing appearance code) as the fields change. */
function SealPreview({ orgId, type, name, typeName }: { orgId?: string; type: SealType; name: string; typeName: string }) {
  const { t } = useTranslation();
  const [drawn, setState] = useState<PreviewState>({ status: 'empty' });
  const fields = JSON.stringify([orgId, type, name]);
  const state: PreviewState = orgId ? drawn : { status: 'empty' };
  const loading = state.status === 'ok' && state.drawnFor !== fields;
  useEffect(() => {
    if (!orgId) return;
    let stale = false;
    const timer = setTimeout(() => {
      unwrap(affix().seals.preview({ orgId, type, name, widthPx: 320 })).then(
        (p) =>
          !stale &&
          setState({ status: 'ok', src: `data:image/png;base64,${p.pngBase64}`, name, shape: p.shape, drawnFor: JSON.stringify([orgId, type, name]) }),
        (e: unknown) => !stale && setState({ status: 'error', error: asCallError(e) }),
      );
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [orgId, type, name]);
  return (
    <Flex vertical align="center" gap={8} style={{ flex: '0 0 200px' }} data-testid="seal-preview-box">
      <Typography.Text strong>{t('identities.seals.preview')}</Typography.Text>
      {state.status === 'empty' && (
        <Typography.Text type="secondary" style={{ textAlign: 'center' }} data-testid="seal-preview-empty">
          {t('identities.seals.previewEmpty')}
        </Typography.Text>
      )}
      {state.status === 'error' && (
        <Typography.Text type="danger" style={{ textAlign: 'center' }} data-testid="seal-preview-error">
          {state.error.message}
        </Typography.Text>
      )}
      {state.status === 'ok' && (
        <img
          src={state.src}
          alt={t('identities.seals.previewAlt', { name: state.name.trim() || typeName })}
          width={160}
          data-testid="seal-preview"
          data-name={state.name}
          data-shape={state.shape}
          aria-busy={loading || undefined}
          style={{ opacity: loading ? 0.6 : 1, transition: 'opacity 0.15s' }}
        />
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>
        {t('identities.seals.previewHint')}
      </Typography.Text>
    </Flex>
  );
}

function AuthorizeCard({ seals, onChanged }: { seals: Seal[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const people = usePersonNames();
  const [form] = Form.useForm<AuthorizeForm>();
  const chosenSealId = Form.useWatch('sealId', form);
  const chosenSeal = seals.find((s) => s.sealId === chosenSealId);
  const withdrawing = Form.useWatch('action', form) === 'withdraw';
  const authorize = useAction(
    (v: AuthorizeForm) => unwrap(affix().seals.authorize({ sealId: v.sealId, personId: v.personId, revoke: v.action === 'withdraw' })),
    () => {
      void message.success(t('identities.seals.authorised'));
      onChanged();
    },
  );
  // Granting to someone already authorised, or withdrawing from someone who is not, would be refused: say so in the list.
  const personOptions = people.active.map((p) => {
    const authorised = chosenSeal?.authorized.some((a) => a.personId === p.id) ?? false;
    const reason = !chosenSeal ? '' : withdrawing && !authorised ? t('people.notAuthorised') : !withdrawing && authorised ? t('people.alreadyAuthorised') : '';
    return { value: p.id, label: reason ? `${people.label(p)} — ${reason}` : people.label(p), disabled: reason !== '' };
  });
  return (
    <Card title={t('identities.seals.authorizeTitle')}>
      <Form<AuthorizeForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={authorize.submit}
        initialValues={{ action: 'grant' }}
        data-testid="seal-authorize-form"
      >
        <Flex gap={16} wrap align="flex-end">
          <Form.Item
            name="sealId"
            label={t('identities.seals.seal')}
            rules={[{ required: true, message: t('identities.required') }]}
            style={{ flex: '1 1 240px' }}
          >
            <Select options={seals.map((s) => ({ value: s.sealId, label: sealLabel(s) }))} data-testid="seal-authorize-seal" />
          </Form.Item>
          <Form.Item
            name="personId"
            label={t('identities.seals.person')}
            rules={[{ required: true, message: t('identities.required') }]}
            style={{ flex: '1 1 240px' }}
          >
            <Select options={personOptions} data-testid="seal-authorize-person" />
          </Form.Item>
          <Form.Item name="action" label={t('identities.seals.action')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'grant', label: t('identities.seals.grant') },
                { value: 'withdraw', label: t('identities.seals.withdraw') },
              ]}
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={authorize.running} data-testid="seal-authorize-submit">
              {t('identities.seals.apply')}
            </Button>
          </Form.Item>
        </Flex>
      </Form>
      {authorize.error && <ErrorAlert error={authorize.error} />}
    </Card>
  );
}

function SealsList({ seals }: { seals: ReturnType<typeof useCall<Seal[]>> }) {
  const { t } = useTranslation();
  const people = usePersonNames();
  const { language } = useLanguage();
  const typeNames = useSealTypeNames();
  const now = new Date();
  const states: Record<SealState, { color: string; label: string }> = {
    valid: { color: 'green', label: t('identities.seals.state.valid') },
    revoked: { color: 'red', label: t('identities.seals.state.revoked') },
    expired: { color: 'default', label: t('identities.seals.state.expired') },
    notYetValid: { color: 'gold', label: t('identities.seals.state.notYetValid') },
  };
  if (seals.status === 'error') return <ErrorAlert error={seals.error} />;
  return (
    <Card title={t('identities.seals.listTitle')}>
      <Table<Seal>
        data-testid="seals-table"
        rowKey="sealId"
        size="middle"
        loading={seals.status === 'loading'}
        dataSource={seals.status === 'ok' ? seals.value : []}
        locale={{ emptyText: t('identities.seals.empty') }}
        pagination={false}
        columns={[
          { title: t('identities.seals.name'), dataIndex: 'name' },
          { title: t('identities.seals.type'), dataIndex: 'type', render: (type: SealType) => <Tag color="red">{typeNames[type]}</Tag> },
          { title: t('identities.seals.org'), dataIndex: 'legalName' },
          {
            title: t('identities.seals.validity'),
            key: 'validity',
            render: (_, s) => `${formatDateTime(s.validFrom, language)} – ${formatDateTime(s.validUntil, language)}`,
          },
          {
            title: t('identities.seals.authorisedPeople'),
            key: 'authorized',
            render: (_, s) =>
              s.authorized.length === 0 ? (
                <Typography.Text type="secondary">{t('identities.seals.nobody')}</Typography.Text>
              ) : (
                s.authorized.map((a) => (
                  <Tag key={a.personId} data-testid="seal-authorised-person">
                    {people.nameOf(a.personId)}
                  </Tag>
                ))
              ),
          },
          {
            title: t('identities.persons.state'),
            key: 'state',
            render: (_, s) => {
              const st = states[sealState(s, now)];
              return <Tag color={st.color}>{st.label}</Tag>;
            },
          },
        ]}
      />
    </Card>
  );
}
