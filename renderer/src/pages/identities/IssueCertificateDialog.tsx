/**
 * Issue a verified person their own document-signing certificate from one of
 * the workspace's organisations: the certificate is bound to the person's
 * verification record and lets them sign as themselves (e.g. the second
 * party of a contract), not only with a seal they are authorised to use.
 */
import { App, Form, Input, Modal, Select, type ButtonProps } from 'antd';
import { PIN_MIN, pinProblem } from '../../../../shared/contract/passphrase-policy';
import { useTranslation } from 'react-i18next';
import type { PersonSummary } from '../../../../shared/contract/identity';
import { personLabel } from '../../signer-labels';
import { affix, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../use-action';
import { useCall } from '../../use-call';
import { PassphraseItem } from './PassphraseItem';

interface IssueForm {
  orgId: string;
  passphrase: string;
  /** The PIN the person chooses for their own key (issue #18). */
  pin: string;
}

export function IssueCertificateDialog({ person, onClose }: { person: PersonSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<IssueForm>();
  const orgs = useCall(() => affix().orgs.list({}));
  const issue = useAction(
    (v: IssueForm) => unwrap(affix().pki.issue({ orgId: v.orgId, personId: person.id, passphrase: v.passphrase, pin: v.pin })),
    (cert) => {
      void message.success(t('identities.persons.issued', { serial: cert.serial }));
      onClose();
    },
  );
  return (
    <Modal
      open
      title={t('identities.persons.issueTitle', { id: personLabel(person, t('people.tail'), t('people.unnamed')) })}
      okText={t('identities.persons.issue')}
      cancelText={t('identities.persons.issueCancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={issue.running}
      okButtonProps={{ 'data-testid': 'issue-submit' } as ButtonProps}
      destroyOnHidden
    >
      <Form<IssueForm> form={form} layout="vertical" requiredMark={false} onFinish={issue.submit} data-testid="issue-form">
        <Form.Item
          name="orgId"
          label={t('identities.persons.issuer')}
          extra={t('identities.persons.issuerHelp')}
          rules={[{ required: true, message: t('identities.persons.issuerRequired') }]}
        >
          <Select
            loading={orgs.status === 'loading'}
            options={orgs.status === 'ok' ? orgs.value.map((o) => ({ value: o.id, label: `${o.legalName} (${o.uscc})` })) : []}
            data-testid="issue-org"
          />
        </Form.Item>
        <PassphraseItem testId="issue-passphrase" />
        <Form.Item
          name="pin"
          label={t('soleControl.choosePin')}
          extra={t('soleControl.choosePinHelp', { min: PIN_MIN })}
          rules={[
            { required: true, message: t('soleControl.personPinRequired') },
            {
              validator: (_r, v: string | undefined) =>
                v && pinProblem(v) ? Promise.reject(new Error(t('soleControl.pinTooWeak', { min: PIN_MIN }))) : Promise.resolve(),
            },
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="issue-pin" />
        </Form.Item>
      </Form>
      {issue.error && <ErrorAlert error={issue.error} title={t('identities.persons.issueFailed')} />}
    </Modal>
  );
}
