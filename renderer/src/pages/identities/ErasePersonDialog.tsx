/**
 * Erasing a person (issue #18): the workspace passphrase and a stated reason,
 * and, when custodians are configured, one custodian's approval with their
 * own PIN. The erasure and any refusal are anchored and listed in the access log.
 */
import { Alert, Form, Input, Modal, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PersonSummary } from '../../../../shared/contract/identity';
import { affix, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../use-action';
import { PassphraseItem } from './PassphraseItem';

interface EraseForm {
  passphrase: string;
  reason: string;
  custodian?: string;
  custodianPin?: string;
}

export function ErasePersonDialog({ person, onClose, onErased }: { person: PersonSummary; onClose: () => void; onErased: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EraseForm>();
  const erase = useAction(
    (v: EraseForm) =>
      unwrap(
        affix().identity.erase({
          id: person.id,
          confirm: true,
          passphrase: v.passphrase,
          reason: v.reason,
          approvals: v.custodian && v.custodianPin ? [{ personId: v.custodian.trim(), pin: v.custodianPin }] : undefined,
        }),
      ),
    () => {
      onErased();
      onClose();
    },
  );
  return (
    <Modal
      open
      title={t('identities.persons.eraseConfirmTitle')}
      okText={t('identities.persons.erase')}
      okButtonProps={{ danger: true, 'data-testid': 'erase-submit' } as ButtonProps}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={erase.running}
      destroyOnHidden
    >
      <Alert type="warning" showIcon message={t('identities.persons.eraseConfirm')} style={{ marginBottom: 12 }} />
      <Form<EraseForm> form={form} layout="vertical" requiredMark={false} onFinish={erase.submit} data-testid="erase-form">
        <Form.Item name="reason" label={t('soleControl.reason')} rules={[{ required: true, whitespace: true, message: t('soleControl.reasonRequired') }]}>
          <Input maxLength={500} data-testid="erase-reason" />
        </Form.Item>
        <PassphraseItem testId="erase-passphrase" />
        <Form.Item name="custodian" label={t('soleControl.custodian')} extra={t('soleControl.custodianHelp')}>
          <Input data-testid="erase-custodian" />
        </Form.Item>
        <Form.Item name="custodianPin" label={t('soleControl.custodianPin')}>
          <Input.Password autoComplete="off" data-testid="erase-custodian-pin" />
        </Form.Item>
      </Form>
      {erase.error && <ErrorAlert error={erase.error} />}
    </Modal>
  );
}
