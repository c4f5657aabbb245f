/**
 * Sign one workspace document: choose who signs (a seal used by an authorised
 * person, a verified person's own certificate, a workspace key or a key on a
 * token, opened by its PIN), how it looks and where it goes. The main process checks authorisation and validity,
 * signs as a new incremental revision and anchors it; refusals come back as
 * errors that say which rule applied. This is the ad-hoc path ("sign now");
 * a document with a signing order is signed step by step from its view.
 */
import { App, Flex, Form, Input, InputNumber, Modal, Radio, Select, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary } from '../../../../shared/contract/documents';
import type { SignatureOptions, SignDocumentRequest } from '../../../../shared/contract/signing';
import { affix, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCertifyLevels } from './certify-levels';
import { PersonPinField } from './PersonPinField';
import { SecretField } from './SecretField';
import { SigningProgress, useSigningJob } from './signing-job';
import { tokenSignerOf } from './token-key-id';
import { appearanceFor, useSigners } from './use-signers';

interface SignForm {
  /** A seal, person or workspace key id, or a token key's select value. */
  keyId: string;
  asPersonId?: string;
  appearance: 'seal' | 'person' | 'none';
  orgName?: string;
  sealText?: string;
  placement: 'rect' | 'text';
  page: number;
  x: number;
  y: number;
  size: number;
  atText?: string;
  certify: 0 | 1 | 2 | 3;
  reason?: string;
  /** The workspace passphrase, or the token's user PIN for a token key. */
  passphrase: string;
  /** Signing as a person: their own PIN. */
  personPin?: string;
}

/** The request for the chosen signer: a token key is opened by its PIN, everything else by the workspace passphrase. */
function signRequest(documentId: string, v: SignForm, options: SignatureOptions): SignDocumentRequest {
  const token = tokenSignerOf(v.keyId);
  if (token) {
    const { modulePath, tokenLabel, keyLabel } = token;
    return { documentId, ...options, token: { modulePath, tokenLabel, keyLabel }, pin: v.passphrase };
  }
  return {
    documentId,
    ...options,
    keyId: v.keyId,
    asPersonId: v.keyId.startsWith('seal-') ? v.asPersonId : undefined,
    passphrase: v.passphrase,
    pin: v.keyId.startsWith('person-') ? v.personPin : undefined,
  };
}

function signatureOptions(v: SignForm): SignatureOptions {
  return {
    appearance:
      v.appearance === 'seal'
        ? { kind: 'seal', orgName: v.orgName ?? '', sealText: v.sealText || undefined }
        : v.appearance === 'person'
          ? { kind: 'person' }
          : { kind: 'none' },
    placement:
      v.appearance === 'none'
        ? undefined
        : v.placement === 'text'
          ? { atText: v.atText ?? '', size: [v.size, v.size] }
          : { page: v.page, rect: [v.x, v.y, v.size, v.size] },
    certify: v.certify === 0 ? undefined : v.certify,
    reason: v.reason || undefined,
  };
}

export function SignDialog({ doc, onClose, onSigned }: { doc: DocumentSummary; onClose: () => void; onSigned: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SignForm>();
  const signers = useSigners();
  const certifyLevels = useCertifyLevels();
  const keyId = Form.useWatch('keyId', form);
  const appearance = Form.useWatch('appearance', form);
  const placement = Form.useWatch('placement', form);
  const chosenSeal = signers.sealOf(keyId);
  const chosenToken = keyId ? tokenSignerOf(keyId) : null;

  const sign = useSigningJob((result) => {
    void message.success(t('documents.sign.done', { revision: result.revision, index: result.ledgerIndex ?? '—' }));
    onSigned();
    onClose();
  });
  const submit = (v: SignForm) => sign.submit(() => unwrap(affix().signing.signStart(signRequest(doc.id, v, signatureOptions(v)))), doc.bytes);

  /** Choosing a seal fills its appearance from the seal record (organisation and seal name). */
  const onKeyChange = (id: string) => form.setFieldsValue(appearanceFor(id, signers.sealOf(id)));

  return (
    <Modal
      open
      title={t('documents.sign.title', { name: doc.name })}
      okText={t('documents.sign.submit')}
      cancelText={sign.running ? t('documents.signJob.stop') : t('documents.sign.cancel')}
      onOk={() => form.submit()}
      // While signing, Cancel (and Esc) stop the work instead of hiding it; antd's confirmLoading would ignore them, so the OK button shows the busy state itself.
      onCancel={sign.running ? () => void sign.cancel() : onClose}
      width={640}
      okButtonProps={{ loading: sign.running, 'data-testid': 'sign-submit' } as ButtonProps}
      cancelButtonProps={{ loading: sign.cancelling, 'data-testid': 'sign-cancel' } as ButtonProps}
      destroyOnHidden
    >
      <Form<SignForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={submit}
        disabled={sign.running}
        data-testid="sign-form"
        initialValues={{ appearance: 'none', placement: 'rect', page: 1, x: 360, y: 60, size: 120, certify: 0 }}
      >
        <Form.Item name="keyId" label={t('documents.sign.signer')} rules={[{ required: true, message: t('documents.sign.required') }]}>
          <Select options={signers.options()} onChange={onKeyChange} loading={signers.loading} data-testid="sign-key" />
        </Form.Item>
        {chosenSeal && (
          <Form.Item name="asPersonId" label={t('documents.sign.usedBy')} rules={[{ required: true, message: t('documents.sign.required') }]}>
            <Select
              options={signers.usersOf(chosenSeal)}
              data-testid="sign-as"
            />
          </Form.Item>
        )}
        <Form.Item name="appearance" label={t('documents.sign.appearance')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'seal', label: t('documents.sign.appearanceSeal') },
              { value: 'person', label: t('documents.sign.appearancePerson') },
              { value: 'none', label: t('documents.sign.appearanceNone') },
            ]}
          />
        </Form.Item>
        {appearance === 'seal' && (
          <Flex gap={12} wrap>
            <Form.Item name="orgName" label={t('documents.sign.orgName')} rules={[{ required: true, message: t('documents.sign.required') }]} style={{ flex: '2 1 240px' }}>
              <Input maxLength={40} data-testid="sign-org-name" />
            </Form.Item>
            <Form.Item name="sealText" label={t('documents.sign.sealText')} style={{ flex: '1 1 160px' }}>
              <Input maxLength={20} data-testid="sign-seal-text" />
            </Form.Item>
          </Flex>
        )}
        {appearance !== 'none' && (
          <>
            <Form.Item name="placement" label={t('documents.sign.placement')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'rect', label: t('documents.sign.placementRect') },
                  { value: 'text', label: t('documents.sign.placementText') },
                ]}
              />
            </Form.Item>
            {placement === 'text' ? (
              <Flex gap={12} wrap>
                <Form.Item name="atText" label={t('documents.sign.atText')} rules={[{ required: true, message: t('documents.sign.required') }]} style={{ flex: '2 1 240px' }}>
                  <Input placeholder="甲方（盖章）" data-testid="sign-at-text" />
                </Form.Item>
                <Form.Item name="size" label={t('documents.sign.size')}>
                  <InputNumber min={20} max={400} />
                </Form.Item>
              </Flex>
            ) : (
              <Flex gap={12} wrap>
                <Form.Item name="page" label={t('documents.sign.page')}>
                  <InputNumber min={1} data-testid="sign-page" />
                </Form.Item>
                <Form.Item name="x" label="x (pt)">
                  <InputNumber min={0} />
                </Form.Item>
                <Form.Item name="y" label="y (pt)">
                  <InputNumber min={0} />
                </Form.Item>
                <Form.Item name="size" label={t('documents.sign.size')}>
                  <InputNumber min={20} max={400} />
                </Form.Item>
              </Flex>
            )}
          </>
        )}
        <Flex gap={12} wrap>
          <Form.Item name="certify" label={t('documents.sign.certify')} style={{ flex: '1 1 240px' }}>
            <Select
              options={certifyLevels.options}
            />
          </Form.Item>
          <Form.Item name="reason" label={t('documents.sign.reason')} style={{ flex: '1 1 240px' }}>
            <Input maxLength={500} />
          </Form.Item>
        </Flex>
        <SecretField name="passphrase" token={chosenToken} testIdPrefix="sign" />
        {keyId?.startsWith('person-') && <PersonPinField name="personPin" testIdPrefix="sign" />}
      </Form>
      <SigningProgress state={sign.state} />
      {sign.error && <ErrorAlert error={sign.error} title={t('documents.sign.failed')} />}
    </Modal>
  );
}
