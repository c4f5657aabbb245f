/**
 * Verified persons and the operator-witnessed verification form. The form
 * checks ID numbers and MRZs as they are typed (shared validators); the main
 * process checks them again, encrypts the personal data and anchors only
 * commitments. The list shows no personal data: ids, assurance level, time.
 */
import { App, Button, Card, Checkbox, Flex, Form, Input, Radio, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChosenFile } from '../../../../shared/contract/files';
import type { PersonSummary } from '../../../../shared/contract/identity';
import { DroppedFilesField } from '../../components/DroppedFilesField';
import { personLabel } from '../../signer-labels';
import { EVIDENCE_TYPES, type EvidenceType } from '../../../../shared/identity/assurance';
import { parseMrz } from '../../../../shared/identity/mrz';
import { validateResidentId } from '../../../../shared/identity/resident-id';
import { affix, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../format';
import { useLanguage } from '../../language';
import { useCall } from '../../use-call';
import { LiveCheck } from './live-check';
import { ErasePersonDialog } from './ErasePersonDialog';
import { IssueCertificateDialog } from './IssueCertificateDialog';
import { PassphraseItem } from './PassphraseItem';
import { useAction } from '../../use-action';

interface VerifyForm {
  name: string;
  kind: 'resident-id' | 'mrz';
  number?: string;
  mrz?: string;
  additionalEvidence: EvidenceType[];
  securityFeaturesChecked: boolean;
  faceMatched: boolean;
  photos: ChosenFile[];
  operator: string;
  consent: boolean;
  consentStatement: string;
  passphrase: string;
}

const mrzLines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

export function PersonsTab() {
  const persons = useCall(() => affix().identity.list({}));
  return (
    <Flex vertical gap={16}>
      <VerifyPersonCard onVerified={persons.reload} />
      <PersonsList persons={persons} />
    </Flex>
  );
}

function VerifyPersonCard({ onVerified }: { onVerified: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<VerifyForm>();
  const kind = Form.useWatch('kind', form);
  const number = Form.useWatch('number', form);
  const mrz = Form.useWatch('mrz', form);
  const live = kind === 'mrz' ? (mrz?.trim() ? parseMrz(mrzLines(mrz)) : null) : number?.trim() ? validateResidentId(number.trim()) : null;
  const action = useAction(
    (v: VerifyForm) =>
      unwrap(
        affix().identity.verify({
          name: v.name,
          document: v.kind === 'mrz' ? { kind: 'mrz', lines: mrzLines(v.mrz ?? '') } : { kind: 'resident-id', number: (v.number ?? '').trim() },
          additionalEvidence: v.additionalEvidence,
          securityFeaturesChecked: v.securityFeaturesChecked,
          faceMatched: v.faceMatched,
          photos: v.photos.map((f) => f.handle),
          operator: v.operator,
          consentStatement: v.consentStatement,
          passphrase: v.passphrase,
        }),
      ),
    (person) => {
      void message.success(t('identities.persons.verified', { ial: person.verification?.ial ?? '' }));
      form.resetFields();
      onVerified();
    },
  );
  const evidenceOptions = (Object.keys(EVIDENCE_TYPES) as EvidenceType[]).map((e) => ({ value: e, label: e }));
  return (
    <Card title={t('identities.persons.verifyTitle')}>
      <Form<VerifyForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={action.submit}
        data-testid="person-verify-form"
        initialValues={{
          kind: 'resident-id',
          additionalEvidence: [],
          photos: [],
          securityFeaturesChecked: false,
          faceMatched: false,
          consent: false,
          consentStatement: t('identities.persons.consentDefault'),
        }}
      >
        <Flex gap={16} wrap>
          <Form.Item
            name="name"
            label={t('identities.persons.name')}
            rules={[{ required: true, whitespace: true, message: t('identities.required') }]}
            style={{ flex: '1 1 240px' }}
          >
            <Input data-testid="person-name" autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="operator"
            label={t('identities.persons.operator')}
            rules={[{ required: true, whitespace: true, message: t('identities.required') }]}
            style={{ flex: '1 1 240px' }}
          >
            <Input data-testid="person-operator" />
          </Form.Item>
        </Flex>
        <Form.Item name="kind" label={t('identities.persons.document')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'resident-id', label: t('identities.persons.residentId') },
              { value: 'mrz', label: t('identities.persons.mrz') },
            ]}
            data-testid="person-document-kind"
          />
        </Form.Item>
        {kind === 'mrz' ? (
          <Form.Item
            name="mrz"
            label={t('identities.persons.mrzLines')}
            extra={<LiveCheck result={live} catalogue="mrz" testId="person-document-check" />}
            rules={[{ required: true, message: t('identities.required') }]}
          >
            <Input.TextArea rows={3} className="affix-mono" spellCheck={false} data-testid="person-mrz" />
          </Form.Item>
        ) : (
          <Form.Item
            name="number"
            label={t('identities.persons.residentIdNumber')}
            extra={<LiveCheck result={live} catalogue="residentId" testId="person-document-check" />}
            rules={[{ required: true, message: t('identities.required') }]}
          >
            <Input className="affix-mono" maxLength={18} autoComplete="off" data-testid="person-id-number" />
          </Form.Item>
        )}
        <Flex gap={16} wrap>
          <Form.Item name="additionalEvidence" label={t('identities.persons.additionalEvidence')} style={{ flex: '1 1 240px' }}>
            <Select mode="multiple" options={evidenceOptions} data-testid="person-evidence" />
          </Form.Item>
          <Form.Item name="photos" label={t('identities.persons.photos')} style={{ flex: '1 1 240px' }}>
            <DroppedFilesField
              label={t('people.photosDrop')}
              hint={t('people.photosHint')}
              accept=".jpg,.jpeg,.png,image/jpeg,image/png"
              testId="person-photos"
            />
          </Form.Item>
        </Flex>
        <Flex gap={24} wrap>
          <Form.Item name="securityFeaturesChecked" valuePropName="checked">
            <Checkbox data-testid="person-security-features">{t('identities.persons.securityFeatures')}</Checkbox>
          </Form.Item>
          <Form.Item name="faceMatched" valuePropName="checked">
            <Checkbox data-testid="person-face-matched">{t('identities.persons.faceMatched')}</Checkbox>
          </Form.Item>
        </Flex>
        <Form.Item
          name="consentStatement"
          label={t('identities.persons.consentStatement')}
          rules={[{ required: true, whitespace: true, message: t('identities.required') }]}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item
          name="consent"
          valuePropName="checked"
          rules={[{ validator: (_, v: boolean) => (v ? Promise.resolve() : Promise.reject(new Error(t('identities.persons.consentRequired')))) }]}
        >
          <Checkbox data-testid="person-consent">{t('identities.persons.consent')}</Checkbox>
        </Form.Item>
        <PassphraseItem testId="person-passphrase" />
        <Button type="primary" htmlType="submit" loading={action.running} data-testid="person-verify-submit">
          {t('identities.persons.verify')}
        </Button>
      </Form>
      {action.error && <ErrorAlert error={action.error} title={t('identities.persons.verifyFailed')} style={{ marginTop: 12 }} />}
    </Card>
  );
}

function PersonsList({ persons }: { persons: ReturnType<typeof useCall<PersonSummary[]>> }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const [erasing, setErasing] = useState<PersonSummary | null>(null);
  const people = { label: (p: PersonSummary) => personLabel(p, t('people.tail'), t('people.unnamed')) };
  const erased = () => {
    void message.success(t('identities.persons.erased'));
    persons.reload();
  };
  const [issuing, setIssuing] = useState<PersonSummary | null>(null);
  if (persons.status === 'error') return <ErrorAlert error={persons.error} />;
  return (
    <Card title={t('identities.persons.listTitle')}>
      <Table<PersonSummary>
        data-testid="persons-table"
        rowKey="id"
        size="middle"
        loading={persons.status === 'loading'}
        dataSource={persons.status === 'ok' ? persons.value : []}
        locale={{ emptyText: t('identities.persons.empty') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t('people.person'),
            key: 'name',
            render: (_, p) => (
              <Tooltip title={`${t('identities.persons.id')}: ${p.id}`}>
                <Typography.Text data-testid="person-label">{people.label(p)}</Typography.Text>
              </Tooltip>
            ),
          },
          {
            title: t('identities.persons.assurance'),
            key: 'ial',
            render: (_, p) => (p.verification ? <Tag color={p.verification.ial === 'IAL2' ? 'green' : 'blue'}>{p.verification.ial}</Tag> : '—'),
          },
          {
            title: t('identities.persons.verifiedAt'),
            key: 'verifiedAt',
            render: (_, p) => (p.verification ? formatDateTime(p.verification.verifiedAt, language) : '—'),
          },
          { title: t('identities.persons.ledgerIndex'), key: 'ledger', render: (_, p) => p.verification?.ledgerIndex ?? '—' },
          {
            title: t('identities.persons.state'),
            key: 'state',
            render: (_, p) =>
              p.erasedAt ? (
                <Tooltip title={formatDateTime(p.erasedAt, language)}>
                  <Tag>{t('identities.persons.stateErased')}</Tag>
                </Tooltip>
              ) : (
                <Tag color="green">{t('identities.persons.stateActive')}</Tag>
              ),
          },
          {
            title: t('identities.actions'),
            key: 'actions',
            render: (_, p) =>
              p.erasedAt ? null : (
                <Space>
                  {p.verification && (
                    <Button size="small" onClick={() => setIssuing(p)} data-testid={`person-issue-${p.id}`}>
                      {t('identities.persons.issue')}
                    </Button>
                  )}
                  <Button danger size="small" onClick={() => setErasing(p)} data-testid={`person-erase-${p.id}`}>
                    {t('identities.persons.erase')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      {issuing && <IssueCertificateDialog person={issuing} onClose={() => setIssuing(null)} />}
      {erasing && <ErasePersonDialog person={erasing} onClose={() => setErasing(null)} onErased={erased} />}
    </Card>
  );
}
