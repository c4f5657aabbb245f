/**
 * Signs one step of the order: the passphrase (or, for a key on a PKCS#11
 * token, the token's user PIN) is asked for here and sent with
 * plans.signNextStart, which signs only if this is the next pending step, as
 * a job whose progress the dialog shows and which it can stop. A seal
 * that is not authorised for the person or outside its validity, a wrong
 * passphrase or PIN, a token not present or a step out of order come back as
 * errors and are shown as such; nothing is signed then.
 */
import { App, Descriptions, Form, Modal, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PlanStep } from '../../../../../shared/contract/plans';
import { affix, unwrap } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useCertifyLevels } from '../certify-levels';
import { PersonPinField } from '../PersonPinField';
import { SecretField } from '../SecretField';
import { SigningProgress, useSigningJob } from '../signing-job';

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
  const [form] = Form.useForm<{ secret: string; personPin?: string }>();
  const token = step.signer.kind === 'token' ? step.signer : null;
  const sign = useSigningJob((result) => {
    void message.success(t('documents.plan.signed', { step: step.step, label: step.label, index: result.ledgerIndex ?? '—' }));
    onSigned();
    onClose();
  });
  // The job's first poll gives the document's size.
  const person = step.signer.kind === 'person';
  const submit = ({ secret, personPin }: { secret: string; personPin?: string }) =>
    sign.submit(() => unwrap(affix().plans.signNextStart({ documentId, step: step.step, secret, pin: person ? personPin : undefined })), 0);
  const certifyLevels = useCertifyLevels();
  return (
    <Modal
      open
      title={t('documents.plan.signTitle', { step: step.step, label: step.label })}
      okText={t('documents.sign.submit')}
      cancelText={sign.running ? t('documents.signJob.stop') : t('documents.sign.cancel')}
      onOk={() => form.submit()}
      // While signing, Cancel (and Esc) stop the work; antd's confirmLoading would ignore them, so the OK button shows the busy state itself.
      onCancel={sign.running ? () => void sign.cancel() : onClose}
      okButtonProps={{ loading: sign.running, 'data-testid': 'sign-step-submit' } as ButtonProps}
      cancelButtonProps={{ loading: sign.cancelling, 'data-testid': 'sign-step-cancel' } as ButtonProps}
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
            children: step.box
              ? t('documents.plan.boxAt', { page: step.box.page, x: Math.round(step.box.rect[0]), y: Math.round(step.box.rect[1]) })
              : t('documents.sign.appearanceNone'),
          },
          ...(step.step === 1 ? [{ key: 'certify', label: t('documents.sign.certify'), children: certifyLevels.name(certify) }] : []),
        ]}
      />
      <Form form={form} layout="vertical" requiredMark={false} onFinish={submit} disabled={sign.running} data-testid="sign-step-form">
        <SecretField name="secret" token={token} testIdPrefix="sign-step" autoFocus />
        {person && <PersonPinField name="personPin" testIdPrefix="sign-step" />}
      </Form>
      <SigningProgress state={sign.state} />
      {sign.error && <ErrorAlert error={sign.error} title={t('documents.plan.signFailed', { step: step.step })} />}
    </Modal>
  );
}
