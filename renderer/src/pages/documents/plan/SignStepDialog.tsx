/**
 * Signs one step of the order: the passphrase is asked for here and sent with
 * plans.signNext, which signs only if this is the next pending step. A seal
 * that is not authorised for the person or outside its validity, a wrong
 * passphrase or a step out of order come back as errors and are shown as
 * such; nothing is signed then.
 */
import { App, Descriptions, Form, Input, Modal, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PlanStep } from '../../../../../shared/contract/plans';
import { affix, unwrap } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useAction } from '../../../use-action';
import { useCertifyLevels } from '../certify-levels';

export function SignStepDialog({
  documentId,
  step,
  signer,
  certify,
  onClose,
  onSigned,
}: {
  documentId: string;
  step: PlanStep;
  signer: string;
  certify: 1 | 2 | 3 | null;
  onClose: () => void;
  onSigned: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ passphrase: string }>();
  const sign = useAction(
    ({ passphrase }: { passphrase: string }) => unwrap(affix().plans.signNext({ documentId, step: step.step, passphrase })),
    (result) => {
      void message.success(t('documents.plan.signed', { step: step.step, label: step.label, index: result.ledgerIndex ?? '—' }));
      onSigned();
      onClose();
    },
  );
  const certifyLevels = useCertifyLevels();
  return (
    <Modal
      open
      title={t('documents.plan.signTitle', { step: step.step, label: step.label })}
      okText={t('documents.sign.submit')}
      cancelText={t('documents.sign.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={sign.running}
      okButtonProps={{ 'data-testid': 'sign-step-submit' } as ButtonProps}
      destroyOnHidden
    >
      <Descriptions
        size="small"
        column={1}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'signer', label: t('documents.sign.signer'), children: signer },
          {
            key: 'place',
            label: t('documents.plan.place'),
            children: step.box ? t('documents.plan.boxAt', { page: step.box.page, x: Math.round(step.box.rect[0]), y: Math.round(step.box.rect[1]) }) : t('documents.sign.appearanceNone'),
          },
          ...(step.step === 1 ? [{ key: 'certify', label: t('documents.sign.certify'), children: certifyLevels.name(certify) }] : []),
        ]}
      />
      <Form form={form} layout="vertical" requiredMark={false} onFinish={sign.submit} data-testid="sign-step-form">
        <Form.Item name="passphrase" label={t('documents.sign.passphrase')} extra={t('documents.sign.passphraseHelp')} rules={[{ required: true, message: t('documents.sign.required') }]}>
          <Input.Password autoComplete="off" autoFocus data-testid="sign-step-passphrase" />
        </Form.Item>
      </Form>
      {sign.error && <ErrorAlert error={sign.error} title={t('documents.plan.signFailed', { step: step.step })} />}
    </Modal>
  );
}
