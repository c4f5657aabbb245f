/**
 * Writing a document's signing order: steps in the order they sign, each
 * with who signs (a seal and the authorised person using it, a verified
 * person, a workspace key, or a key on a PKCS#11 token), how the signature looks, a label for its box
 * and the box itself (placed on the preview). Step 1 may certify the
 * document. Saved with plans.set; the main process checks the boxes against
 * the pages and the signers against the workspace.
 */
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageBox } from '../../../../../shared/contract/plans';
import type { AppearanceSpec } from '../../../../../shared/contract/signing';
import type { AffixCallError } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useCertifyLevels } from '../certify-levels';
import { SealFace } from '../SealFace';
import { suggestedAppearance, type useSigners } from '../use-signers';
import { type Certify, type Draft, type DraftStep, type StepProblem, isVisible, moveStep, newStepKey, problemsOf, stepColour } from './draft';

type Signers = ReturnType<typeof useSigners>;

interface Props {
  draft: Draft;
  onDraft: (draft: Draft) => void;
  signers: Signers;
  selected: string | undefined;
  onSelect: (key: string) => void;
  /** A box for a step that has none, on the page being shown. */
  newBox: (appearance: AppearanceSpec) => PageBox | undefined;
  onSave: () => void;
  onCancel?: () => void;
  saving: boolean;
  saveError: AffixCallError | null;
  showProblems: boolean;
}

export function PlanEditor({ draft, onDraft, signers, selected, onSelect, newBox, onSave, onCancel, saving, saveError, showProblems }: Props) {
  const { t } = useTranslation();
  const certifyLevels = useCertifyLevels();
  const problemText: Record<StepProblem, string> = {
    label: t('documents.plan.problems.label'),
    signer: t('documents.plan.problems.signer'),
    usedBy: t('documents.plan.problems.usedBy'),
    orgName: t('documents.plan.problems.orgName'),
    box: t('documents.plan.problems.box'),
  };
  const setSteps = (steps: DraftStep[]) => onDraft({ ...draft, steps });
  const update = (key: string, change: Partial<DraftStep>) => setSteps(draft.steps.map((s) => (s.key === key ? { ...s, ...change } : s)));
  const add = () => {
    const step: DraftStep = { key: newStepKey(), appearance: { kind: 'none' }, label: t('documents.plan.defaultLabel', { n: draft.steps.length + 1 }) };
    setSteps([...draft.steps, step]);
    onSelect(step.key);
  };
  const problems = draft.steps.flatMap((s, i) => problemsOf(s).map((p) => ({ step: i + 1, text: problemText[p] })));

  return (
    <Flex vertical gap={12} data-testid="plan-editor">
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('documents.plan.editHelp')}
      </Typography.Paragraph>
      {draft.steps.map((step, index) => (
        <StepCard
          key={step.key}
          step={step}
          index={index}
          count={draft.steps.length}
          signers={signers}
          selected={step.key === selected}
          problems={showProblems ? problemsOf(step).map((p) => problemText[p]) : []}
          onSelect={() => onSelect(step.key)}
          onChange={(change) => update(step.key, change)}
          newBox={newBox}
          onMove={(delta) => setSteps(moveStep(draft.steps, index, delta))}
          onRemove={() => setSteps(draft.steps.filter((s) => s.key !== step.key))}
        />
      ))}
      <Button icon={<PlusOutlined />} onClick={add} disabled={draft.steps.length >= 20} data-testid="plan-add-step">
        {t('documents.plan.addStep')}
      </Button>
      <Form layout="vertical" requiredMark={false}>
        <Form.Item label={t('documents.plan.certify')} htmlFor="plan-certify" style={{ marginBottom: 0 }}>
          <Select<Certify>
            id="plan-certify"
            value={draft.certify}
            onChange={(certify) => onDraft({ ...draft, certify })}
            data-testid="plan-certify"
            options={certifyLevels.options}
          />
        </Form.Item>
      </Form>
      {showProblems && problems.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="plan-problems"
          title={t('documents.plan.incomplete')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {problems.map((p) => (
                <li key={`${p.step}-${p.text}`}>{t('documents.plan.stepProblem', { step: p.step, problem: p.text })}</li>
              ))}
            </ul>
          }
        />
      )}
      {saveError && <ErrorAlert error={saveError} title={t('documents.plan.saveFailed')} />}
      <Space>
        <Button type="primary" icon={<SaveOutlined />} onClick={onSave} loading={saving} disabled={draft.steps.length === 0} data-testid="plan-save">
          {t('documents.plan.save')}
        </Button>
        {onCancel && (
          <Button onClick={onCancel} data-testid="plan-cancel-edit">
            {t('documents.sign.cancel')}
          </Button>
        )}
      </Space>
    </Flex>
  );
}

interface StepCardProps {
  step: DraftStep;
  index: number;
  count: number;
  signers: Signers;
  selected: boolean;
  problems: string[];
  onSelect: () => void;
  onChange: (change: Partial<DraftStep>) => void;
  newBox: (appearance: AppearanceSpec) => PageBox | undefined;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}

function StepCard({ step, index, count, signers, selected, problems, onSelect, onChange, newBox, onMove, onRemove }: StepCardProps) {
  const { t } = useTranslation();
  const id = useId();
  const n = index + 1;
  const seal = signers.sealOf(step.signerId);

  const boxFor = (appearance: AppearanceSpec) => (isVisible(appearance) ? (step.box ?? newBox(appearance)) : undefined);
  /** A new signer brings its own appearance (a seal's organisation and name) and, when visible, a box to place. */
  const chooseSigner = (signerId: string) => {
    const appearance = suggestedAppearance(signers.sealOf(signerId));
    onChange({ signerId, asPersonId: undefined, appearance, box: boxFor(appearance) });
  };
  const chooseAppearance = (kind: AppearanceSpec['kind']) => {
    const appearance: AppearanceSpec =
      kind === 'seal' ? { kind: 'seal', orgName: seal?.legalName.slice(0, 40) ?? '' } : kind === 'person' ? { kind: 'person' } : { kind: 'none' };
    onChange({ appearance, box: boxFor(appearance) });
  };

  return (
    <Card
      size="small"
      data-testid={`plan-step-${n}`}
      onClick={onSelect}
      style={{ borderInlineStart: `4px solid ${stepColour(index)}`, ...(selected ? { boxShadow: `0 0 0 1px ${stepColour(index)}` } : {}) }}
      title={t('documents.plan.stepTitle', { step: n })}
      extra={
        <Space size={4}>
          <Button
            size="small"
            icon={<ArrowUpOutlined />}
            aria-label={t('documents.plan.moveUp', { step: n })}
            disabled={index === 0}
            onClick={() => onMove(-1)}
            data-testid={`plan-step-${n}-up`}
          />
          <Button
            size="small"
            icon={<ArrowDownOutlined />}
            aria-label={t('documents.plan.moveDown', { step: n })}
            disabled={index === count - 1}
            onClick={() => onMove(1)}
            data-testid={`plan-step-${n}-down`}
          />
          <Button
            size="small"
            danger
            icon={<DeleteOutlined />}
            aria-label={t('documents.plan.remove', { step: n })}
            onClick={onRemove}
            data-testid={`plan-step-${n}-remove`}
          />
        </Space>
      }
    >
      <Form layout="vertical" requiredMark={false} size="small">
        <Flex gap={8} wrap>
          <Form.Item label={t('documents.plan.label')} htmlFor={`${id}-label`} style={{ flex: '1 1 120px', marginBottom: 8 }}>
            <Input
              id={`${id}-label`}
              value={step.label}
              maxLength={40}
              onChange={(e) => onChange({ label: e.target.value })}
              data-testid={`plan-step-${n}-label`}
            />
          </Form.Item>
          <Form.Item
            label={t('documents.sign.signer')}
            htmlFor={`${id}-signer`}
            extra={signers.empty ? <span data-testid={`plan-step-${n}-no-signers`}>{t('emptyState.noSigners')}</span> : undefined}
            style={{ flex: '2 1 200px', minWidth: 0, marginBottom: 8 }}
          >
            <Select
              id={`${id}-signer`}
              style={{ width: '100%' }}
              popupMatchSelectWidth={false}
              value={step.signerId}
              options={signers.options(step.signerId)}
              notFoundContent={t('emptyState.noSigners')}
              onChange={chooseSigner}
              loading={signers.loading}
              data-testid={`plan-step-${n}-signer`}
            />
          </Form.Item>
        </Flex>
        {seal && (
          <Form.Item label={t('documents.sign.usedBy')} htmlFor={`${id}-as`} style={{ marginBottom: 8 }}>
            <Select
              id={`${id}-as`}
              style={{ width: '100%' }}
              value={step.asPersonId}
              options={signers.usersOf(seal)}
              onChange={(asPersonId: string) => onChange({ asPersonId })}
              data-testid={`plan-step-${n}-as`}
            />
          </Form.Item>
        )}
        <Form.Item label={t('documents.sign.appearance')} style={{ marginBottom: 8 }}>
          <Radio.Group
            optionType="button"
            size="small"
            value={step.appearance.kind === 'image' ? undefined : step.appearance.kind}
            onChange={(e) => chooseAppearance(e.target.value as AppearanceSpec['kind'])}
            aria-label={t('documents.sign.appearance')}
            options={[
              { value: 'seal', label: t('documents.sign.appearanceSeal') },
              { value: 'person', label: t('documents.sign.appearancePerson') },
              { value: 'none', label: t('documents.sign.appearanceNone') },
            ]}
          />
        </Form.Item>
        {step.appearance.kind === 'seal' && <SealFace seal={seal} testId={`plan-step-${n}-seal-face`} />}
      </Form>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Text type="secondary" data-testid={`plan-step-${n}-box`}>
          {!isVisible(step.appearance)
            ? t('documents.plan.invisible')
            : step.box
              ? t('documents.plan.boxFull', { page: step.box.page, x: step.box.rect[0], y: step.box.rect[1], w: step.box.rect[2], h: step.box.rect[3] })
              : t('documents.plan.noBox')}
        </Typography.Text>
        {isVisible(step.appearance) && !step.box && (
          <Button size="small" onClick={() => onChange({ box: newBox(step.appearance) })} data-testid={`plan-step-${n}-place`}>
            {t('documents.plan.placeHere')}
          </Button>
        )}
      </Flex>
      {problems.length > 0 && (
        <Typography.Text type="danger" style={{ display: 'block', marginTop: 4 }}>
          {problems.join(' ')}
        </Typography.Text>
      )}
    </Card>
  );
}
