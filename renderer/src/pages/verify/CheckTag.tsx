/** One state as a tag with an icon and a word (通过 / 未通过 / 无法确定 / 未检查), readable without colour. */
import { CheckCircleFilled, CloseCircleFilled, MinusCircleOutlined, QuestionCircleFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { StateTag, type StateIcon, type Tone } from '../../components/StateTag';
import type { CheckState } from './check-state';

const LOOK: Record<CheckState, { tone: Tone; icon: StateIcon }> = {
  passed: { tone: 'ok', icon: CheckCircleFilled },
  failed: { tone: 'error', icon: CloseCircleFilled },
  indeterminate: { tone: 'warning', icon: QuestionCircleFilled },
  unchecked: { tone: 'neutral', icon: MinusCircleOutlined },
};

/** `label` names what was checked ("完整"); without it the tag is the verdict word alone. */
export function CheckTag({ state, label, testId }: { state: CheckState; label?: string; testId?: string }) {
  const { t } = useTranslation();
  const words: Record<CheckState, string> = {
    passed: t('verify.state.passed'),
    failed: t('verify.state.failed'),
    indeterminate: t('verify.state.indeterminate'),
    unchecked: t('verify.state.unchecked'),
  };
  const word = words[state];
  return (
    <StateTag tone={LOOK[state].tone} icon={LOOK[state].icon} data-testid={testId} data-state={state} data-ok={String(state === 'passed')}>
      {label ? `${label} · ${word}` : word}
    </StateTag>
  );
}
