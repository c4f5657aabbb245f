/**
 * Sign one workspace document: choose who signs (a seal used by an authorised
 * person, a verified person's own certificate, a workspace key or a key on a
 * token, opened by its PIN), how it looks and where it goes. The main process checks authorisation and validity,
 * signs as a new incremental revision and anchors it; refusals come back as
 * errors that say which rule applied. This is the ad-hoc path ("sign now");
 * a document with a signing order is signed step by step from its view, and
 * signing it here is refused unless the user confirms the consequence. The
 * signature is visible by default and placed by dragging its box, drawn as
 * the seal or signature block it becomes, on the page preview.
 */
import { Alert, App, Checkbox, Flex, Form, Input, InputNumber, Modal, Radio, Select, Skeleton, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary } from '../../../../shared/contract/documents';
import type { PageBox } from '../../../../shared/contract/plans';
import type { AppearanceSpec, SignatureOptions, SignDocumentRequest } from '../../../../shared/contract/signing';
import { affix, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { usePdf } from '../../pdf/use-pdf';
import { useCall } from '../../use-call';
import { centreOfPage, roundRect } from './placement/geometry';
import { PlacementEditor } from './placement/PlacementEditor';
import './placement/placement.css';
import { defaultBoxSize } from './plan/draft';
import { SealApprovalNotice } from './SealApprovalNotice';
import { SealFace } from './SealFace';
import { useSealImage } from './use-seal-image';
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
  /** The seal's organisation (the main process draws the seal from its record). */
  orgName?: string;
  placement: 'box' | 'text';
  size: number;
  atText?: string;
  certify: 0 | 1 | 2 | 3;
  reason?: string;
  /** The workspace passphrase, or the token's user PIN for a token key. */
  passphrase: string;
  /** Signing as a person: their own PIN. */
  personPin?: string;
  /** Confirmed: sign outside the document's signing order. */
  outsideOrder?: boolean;
}

/** The request for the chosen signer: a token key is opened by its PIN, everything else by the workspace passphrase. */
function signRequest(documentId: string, v: SignForm, options: SignatureOptions): SignDocumentRequest {
  const outsideOrder = v.outsideOrder ? { outsideOrder: true as const } : {};
  const token = tokenSignerOf(v.keyId);
  if (token) {
    const { modulePath, tokenLabel, keyLabel } = token;
    return { documentId, ...options, ...outsideOrder, token: { modulePath, tokenLabel, keyLabel }, pin: v.passphrase };
  }
  return {
    documentId,
    ...options,
    ...outsideOrder,
    keyId: v.keyId,
    asPersonId: v.keyId.startsWith('seal-') ? v.asPersonId : undefined,
    passphrase: v.passphrase,
    pin: v.keyId.startsWith('person-') ? v.personPin : undefined,
  };
}

const appearanceSpec = (v: Pick<SignForm, 'appearance' | 'orgName'>): AppearanceSpec =>
  v.appearance === 'seal' ? { kind: 'seal', orgName: v.orgName ?? '' } : v.appearance === 'person' ? { kind: 'person' } : { kind: 'none' };

function signatureOptions(v: SignForm, box: PageBox | null): SignatureOptions {
  return {
    appearance: appearanceSpec(v),
    placement:
      v.appearance === 'none'
        ? undefined
        : v.placement === 'text'
          ? { atText: v.atText ?? '', size: [v.size, v.size] }
          : box
            ? { page: box.page, rect: box.rect }
            : undefined,
    certify: v.certify === 0 ? undefined : v.certify,
    reason: v.reason || undefined,
  };
}

const BOX_KEY = 'sign-box';

export function SignDialog({ doc, onClose, onSigned }: { doc: DocumentSummary; onClose: () => void; onSigned: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SignForm>();
  const signers = useSigners();
  const certifyLevels = useCertifyLevels();
  const plan = useCall(() => affix().plans.get({ documentId: doc.id }), [doc.id]);
  const content = useCall(() => affix().documents.content({ id: doc.id }), [doc.id]);
  const pages = useCall(() => affix().documents.pages({ id: doc.id }), [doc.id]);
  const pdf = usePdf(content.status === 'ok' ? content.value.base64 : undefined);
  const keyId = Form.useWatch('keyId', form);
  const appearance = Form.useWatch('appearance', form) ?? 'person';
  const placement = Form.useWatch('placement', form) ?? 'box';
  const orgName = Form.useWatch('orgName', form);
  const chosenSeal = signers.sealOf(keyId);
  const asPersonId = Form.useWatch('asPersonId', form) as string | undefined;
  const chosenToken = keyId ? tokenSignerOf(keyId) : null;
  const sealSrc = useSealImage(chosenSeal);
  const [page, setPage] = useState(1);
  const [box, setBox] = useState<PageBox | null>(null);
  const geometry = pages.status === 'ok' ? pages.value : [];
  const pending = plan.status === 'ok' && plan.value ? plan.value.steps.filter((s) => s.status.state === 'pending') : [];

  const sign = useSigningJob((result) => {
    void message.success(t('documents.sign.done', { revision: result.revision, index: result.ledgerIndex ?? '—' }));
    onSigned();
    onClose();
  });
  const placed = (): PageBox | null => {
    if (box) return box;
    const frame = geometry[page - 1];
    return frame ? { page, rect: roundRect(centreOfPage(frame, defaultBoxSize(appearanceSpec({ appearance, orgName })))) } : null;
  };
  const submit = (v: SignForm) => sign.submit(() => unwrap(affix().signing.signStart(signRequest(doc.id, v, signatureOptions(v, placed())))), doc.bytes);

  /** Choosing a seal fills its appearance from the seal record (organisation and seal name). */
  const onKeyChange = (id: string) => {
    form.setFieldsValue(appearanceFor(signers.sealOf(id)));
    setBox(null);
  };
  const current = appearance !== 'none' && placement === 'box' ? placed() : null;

  return (
    <Modal
      open
      title={t('documents.sign.title', { name: doc.name })}
      okText={t('documents.sign.submit')}
      cancelText={sign.running ? t('documents.signJob.stop') : t('documents.sign.cancel')}
      onOk={() => form.submit()}
      // While signing, Cancel (and Esc) stop the work instead of hiding it; antd's confirmLoading would ignore them, so the OK button shows the busy state itself.
      onCancel={sign.running ? () => void sign.cancel() : onClose}
      width={980}
      // Fits a window 800 px high: the body scrolls, the buttons stay in view.
      style={{ top: 16 }}
      styles={{ body: { maxHeight: 'calc(100vh - 150px)', overflowY: 'auto' } }}
      okButtonProps={{ loading: sign.running, 'data-testid': 'sign-submit' } as ButtonProps}
      cancelButtonProps={{ loading: sign.cancelling, 'data-testid': 'sign-cancel' } as ButtonProps}
      destroyOnHidden
    >
      {pending.length > 0 && plan.status === 'ok' && plan.value && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="sign-outside-order"
          title={t('outsideOrder.title', { done: plan.value.steps.length - pending.length, total: plan.value.steps.length })}
          description={t('outsideOrder.consequence', { step: pending[0]?.step ?? 1, label: pending[0]?.label ?? '' })}
        />
      )}
      <Flex gap={20} align="flex-start" wrap>
        <div style={{ flex: '0 0 380px', minWidth: 0 }} data-testid="sign-preview">
          {appearance === 'none' || placement === 'text' ? (
            <Alert type="info" showIcon title={appearance === 'none' ? t('signPlacement.invisible') : t('signPlacement.atText')} />
          ) : content.status === 'error' ? (
            <ErrorAlert error={content.error} title={t('documents.view.previewFailed')} />
          ) : pdf.status !== 'ok' || pages.status !== 'ok' ? (
            <Flex vertical gap={8} data-testid="sign-preview-loading" role="status" aria-busy aria-label={t('signPlacement.loading')}>
              <Skeleton.Node active style={{ width: 356, height: 460 }} />
            </Flex>
          ) : (
            <>
              <PlacementEditor
                pdf={pdf.pdf}
                pages={geometry}
                page={Math.min(page, Math.max(1, geometry.length))}
                onPage={(p) => {
                  setPage(p);
                  setBox((b) => (b && b.page !== p ? null : b));
                }}
                boxes={
                  current
                    ? [
                        {
                          key: BOX_KEY,
                          step: 1,
                          label: appearance === 'seal' ? t('documents.sign.appearanceSeal') : t('documents.sign.appearancePerson'),
                          colour: '#c41d7f',
                          box: current,
                          editable: true,
                          signed: false,
                          face: appearance === 'seal' ? { kind: 'seal', src: sealSrc } : { kind: 'person', text: t('documents.sign.appearancePerson') },
                        },
                      ]
                    : []
                }
                selected={BOX_KEY}
                onSelect={() => undefined}
                onChange={(_, b) => setBox(b)}
                onRemove={() => setBox(null)}
                docName={doc.name}
                version={content.status === 'ok' ? content.value.sha256 : ''}
              />
              <Alert type="info" showIcon style={{ marginTop: 8 }} title={t('signPlacement.drag')} />
            </>
          )}
        </div>
        <Form<SignForm>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={submit}
          disabled={sign.running}
          data-testid="sign-form"
          initialValues={{ appearance: 'person', placement: 'box', size: 120, certify: 0 }}
          style={{ flex: '1 1 360px', minWidth: 0 }}
        >
          <Form.Item
            name="keyId"
            label={t('documents.sign.signer')}
            rules={[{ required: true, message: t('documents.sign.required') }]}
            extra={signers.empty ? t('emptyState.noSigners') : undefined}
          >
            <Select
              options={signers.options()}
              onChange={onKeyChange}
              loading={signers.loading}
              style={{ width: '100%' }}
              popupMatchSelectWidth={false}
              data-testid="sign-key"
            />
          </Form.Item>
          {chosenSeal && (
            <Form.Item name="asPersonId" label={t('documents.sign.usedBy')} rules={[{ required: true, message: t('documents.sign.required') }]}>
              <Select options={signers.usersOf(chosenSeal)} style={{ width: '100%' }} data-testid="sign-as" />
            </Form.Item>
          )}
          {chosenSeal && <SealApprovalNotice sealId={chosenSeal.sealId} personId={asPersonId} doc={doc} />}
          <Form.Item name="appearance" label={t('documents.sign.appearance')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'seal', label: t('documents.sign.appearanceSeal'), disabled: !chosenSeal },
                { value: 'person', label: t('documents.sign.appearancePerson') },
                { value: 'none', label: t('documents.sign.appearanceNone') },
              ]}
              onChange={() => setBox(null)}
              data-testid="sign-appearance"
            />
          </Form.Item>
          <Form.Item name="orgName" hidden>
            <Input />
          </Form.Item>
          {appearance === 'seal' && <SealFace seal={chosenSeal} testId="sign-seal-face" />}
          {appearance !== 'none' && (
            <Flex gap={12} wrap align="flex-end">
              <Form.Item name="placement" label={t('documents.sign.placement')}>
                <Radio.Group
                  optionType="button"
                  options={[
                    { value: 'box', label: t('signPlacement.onPreview') },
                    { value: 'text', label: t('documents.sign.placementText') },
                  ]}
                />
              </Form.Item>
              {placement === 'text' && (
                <>
                  <Form.Item
                    name="atText"
                    label={t('documents.sign.atText')}
                    rules={[{ required: true, message: t('documents.sign.required') }]}
                    style={{ flex: '2 1 160px' }}
                  >
                    <Input placeholder="甲方（盖章）" data-testid="sign-at-text" />
                  </Form.Item>
                  <Form.Item name="size" label={t('documents.sign.size')}>
                    <InputNumber min={20} max={400} />
                  </Form.Item>
                </>
              )}
            </Flex>
          )}
          <Flex gap={12} wrap>
            <Form.Item name="certify" label={t('documents.sign.certify')} style={{ flex: '1 1 160px' }}>
              <Select options={certifyLevels.options} />
            </Form.Item>
            <Form.Item name="reason" label={t('documents.sign.reason')} style={{ flex: '1 1 160px' }}>
              <Input maxLength={500} />
            </Form.Item>
          </Flex>
          <SecretField name="passphrase" token={chosenToken} testIdPrefix="sign" />
          {keyId?.startsWith('person-') && <PersonPinField name="personPin" testIdPrefix="sign" />}
          {pending.length > 0 && (
            <Form.Item
              name="outsideOrder"
              valuePropName="checked"
              rules={[{ validator: (_, v: boolean) => (v ? Promise.resolve() : Promise.reject(new Error(t('outsideOrder.required')))) }]}
            >
              <Checkbox data-testid="sign-outside-order-confirm">{t('outsideOrder.confirm')}</Checkbox>
            </Form.Item>
          )}
        </Form>
      </Flex>
      <SigningProgress state={sign.state} />
      {sign.error && <ErrorAlert error={sign.error} title={t('documents.sign.failed')} />}
    </Modal>
  );
}
