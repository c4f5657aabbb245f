/**
 * What to do next in this workspace, read from what it holds: people and
 * seals first (nobody can sign without them), then a document to sign, then
 * the signing itself. Each step links to the page where it is done.
 */
import { ArrowRightOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WorkspaceStatus } from '../../../../shared/contract/workspace';
import { affix } from '../../api';
import { useCall } from '../../use-call';

type StepKey = 'people' | 'documents' | 'sign';

export function NextStep({ s }: { s: WorkspaceStatus }) {
  const { t } = useTranslation();
  const persons = useCall(() => affix().identity.list({}));
  const seals = useCall(() => affix().seals.list({}));
  const keys = useCall(() => affix().keys.list({}));
  if (persons.status !== 'ok' || seals.status !== 'ok' || keys.status !== 'ok') return null;
  const signers = persons.value.filter((p) => !p.erasedAt && p.verification).length + seals.value.length + keys.value.length;
  const key: StepKey = signers === 0 ? 'people' : s.documents === 0 ? 'documents' : 'sign';
  const steps: Record<StepKey, { title: string; text: string; go: string; route: string }> = {
    people: { title: t('nextStep.people.title'), text: t('nextStep.people.text'), go: t('nextStep.people.go'), route: 'identities' },
    documents: { title: t('nextStep.documents.title'), text: t('nextStep.documents.text'), go: t('nextStep.documents.go'), route: 'documents' },
    sign: { title: t('nextStep.sign.title'), text: t('nextStep.sign.text'), go: t('nextStep.sign.go'), route: 'documents' },
  };
  const step = steps[key];
  return (
    <Alert
      type="info"
      showIcon
      data-testid="status-next-step"
      data-step={key}
      title={step.title}
      description={step.text}
      action={
        <Button type="primary" icon={<ArrowRightOutlined />} href={`#/${step.route}`} data-testid="status-next-step-go">
          {step.go}
        </Button>
      }
    />
  );
}
