/**
 * Changes who signs one pending step of an order whose signing has started
 * (the order itself is locked then): the way out when a seal expired or a
 * signer was replaced after earlier steps were signed. The step keeps its
 * place, label and box; a seal brings its own look, a person or key a
 * signature block, and an invisible step stays invisible. The main process
 * checks the new signer as it checks a whole order.
 */
import { App, Descriptions, Form, Modal, Select, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PlanStep, SigningPlan } from '../../../../../shared/contract/plans';
import type { AppearanceSpec } from '../../../../../shared/contract/signing';
import { affix, unwrap } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useAction } from '../../../use-action';
import { suggestedAppearance, type useSigners } from '../use-signers';
import { stepSigner } from './draft';

type Signers = ReturnType<typeof useSigners>;

interface ChangeForm {
  signerId: string;
  asPersonId?: string;
}

/** The look that goes with the new signer, or undefined to keep the step's own. */
function appearanceWith(step: PlanStep, signerId: string, signers: Signers): AppearanceSpec | undefined {
  if (step.appearance.kind === 'none') return undefined;
  const suggested = suggestedAppearance(signers.sealOf(signerId));
  if (suggested.kind === 'seal') return suggested;
  // A signature block keeps its own name; a seal's look does not suit a person or a key.
  return step.appearance.kind === 'seal' ? { kind: 'person' } : undefined;
}

export function ChangeSignerDialog({
  documentId,
  step,
  current,
  signers,
  onClose,
  onChanged,
}: {
  documentId: string;
  step: PlanStep;
  /** The step's signer as the order names it now. */
  current: string;
  signers: Signers;
  onClose: () => void;
  onChanged: (plan: SigningPlan) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ChangeForm>();
  const signerId = Form.useWatch('signerId', form);
  const seal = signers.sealOf(signerId);
  const change = useAction(
    async ({ signerId, asPersonId }: ChangeForm) => {
      const signer = stepSigner(signerId, asPersonId);
      // The form's rules require both; a null here would be a renderer bug, reported as such by the main process's schema.
      if (!signer) throw new Error(`no signer for ${signerId}`);
      return unwrap(affix().plans.changeSigner({ documentId, step: step.step, signer, appearance: appearanceWith(step, signerId, signers) }));
    },
    (plan) => {
      void message.success(t('documents.plan.signerChanged', { step: step.step, label: step.label }));
      onChanged(plan);
      onClose();
    },
  );
  return (
    <Modal
      open
      title={t('documents.plan.changeSignerTitle', { step: step.step, label: step.label })}
      okText={t('documents.plan.changeSignerSubmit')}
      cancelText={t('documents.sign.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: change.running, 'data-testid': 'change-signer-submit' } as ButtonProps}
      destroyOnHidden
    >
      <Descriptions
        size="small"
        column={1}
        style={{ marginBottom: 16 }}
        items={[{ key: 'current', label: t('documents.plan.currentSigner'), children: current }]}
      />
      <Form<ChangeForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => void change.submit(v)}
        disabled={change.running}
        data-testid="change-signer-form"
      >
        <Form.Item name="signerId" label={t('documents.plan.newSigner')} rules={[{ required: true, message: t('documents.sign.required') }]}>
          <Select
            options={signers.options()}
            loading={signers.loading}
            onChange={() => form.setFieldValue('asPersonId', undefined)}
            data-testid="change-signer-signer"
          />
        </Form.Item>
        {seal && (
          <Form.Item name="asPersonId" label={t('documents.sign.usedBy')} rules={[{ required: true, message: t('documents.sign.required') }]}>
            <Select options={signers.usersOf(seal)} data-testid="change-signer-as" />
          </Form.Item>
        )}
      </Form>
      {change.error && <ErrorAlert error={change.error} title={t('documents.plan.changeSignerFailed', { step: step.step })} />}
    </Modal>
  );
}
