/**
 * A saved signing order and where it stands: each step signed (when, which
 * ledger entry) or pending. Only the next pending step can be signed; the
 * later ones say which step they wait for. The order can still be changed
 * until its first step is signed; after that, only who signs a pending step.
 */
import { CheckCircleFilled, EditOutlined, SignatureOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PlanStep, SigningPlan } from '../../../../../shared/contract/plans';
import { formatDateTime } from '../../../format';
import { useLanguage } from '../../../language';
import { useCertifyLevels } from '../certify-levels';
import { StateTag } from '../../../components/StateTag';
import { stepColour } from './draft';

interface Props {
  plan: SigningPlan;
  describe: (step: PlanStep) => string;
  selected: number | undefined;
  onSelect: (step: PlanStep) => void;
  onSign: (step: PlanStep) => void;
  onEdit: () => void;
  /** Once signing has started, the only change left: who signs a pending step. */
  onChangeSigner: (step: PlanStep) => void;
}

export function PlanProgress({ plan, describe, selected, onSelect, onSign, onEdit, onChangeSigner }: Props) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const started = plan.steps.some((s) => s.status.state === 'signed');
  const signed = plan.steps.filter((s) => s.status.state === 'signed').length;
  const certifyLevels = useCertifyLevels();
  const waitingFor = plan.next ? plan.steps[plan.next - 1] : undefined;

  return (
    <Flex vertical gap={10} data-testid="plan-progress" data-next={plan.next ?? ''}>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Text strong data-testid="plan-summary">
          {plan.next
            ? t('documents.plan.progress', { signed, total: plan.steps.length, label: waitingFor?.label })
            : t('documents.plan.complete', { total: plan.steps.length })}
        </Typography.Text>
        {!started && (
          <Button size="small" icon={<EditOutlined />} onClick={onEdit} data-testid="plan-edit">
            {t('documents.plan.edit')}
          </Button>
        )}
      </Flex>
      <Typography.Text type="secondary">{t('documents.plan.certifyLine', { level: certifyLevels.name(plan.certify) })}</Typography.Text>
      {started && <Typography.Text type="secondary">{t('documents.plan.locked')}</Typography.Text>}
      {plan.steps.map((step, index) => {
        const isNext = plan.next === step.step;
        return (
          <Card
            key={step.step}
            size="small"
            data-testid={`plan-step-${step.step}`}
            data-state={step.status.state}
            onClick={() => onSelect(step)}
            style={{ borderInlineStart: `4px solid ${stepColour(index)}`, ...(selected === step.step ? { boxShadow: `0 0 0 1px ${stepColour(index)}` } : {}) }}
          >
            <Flex justify="space-between" align="flex-start" gap={8}>
              <div style={{ minWidth: 0 }}>
                <Typography.Text strong>
                  {step.step}. {step.label}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ display: 'block' }} ellipsis>
                  {describe(step)}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ display: 'block' }}>
                  {step.box
                    ? t('documents.plan.boxAt', { page: step.box.page, x: Math.round(step.box.rect[0]), y: Math.round(step.box.rect[1]) })
                    : t('documents.plan.invisible')}
                </Typography.Text>
                {step.status.state === 'signed' && (
                  <Typography.Text type="secondary" style={{ display: 'block' }} data-testid={`plan-step-${step.step}-signed`}>
                    {t('documents.plan.signedAt', { time: formatDateTime(step.status.signedAt, language), index: step.status.ledgerIndex ?? '—' })}
                  </Typography.Text>
                )}
                {!isNext && step.status.state === 'pending' && waitingFor && (
                  <Typography.Text type="secondary" style={{ display: 'block' }} data-testid={`plan-step-${step.step}-waits`}>
                    {t('documents.plan.waitsFor', { step: waitingFor.step, label: waitingFor.label })}
                  </Typography.Text>
                )}
              </div>
              {step.status.state === 'signed' ? (
                <StateTag tone="ok" icon={CheckCircleFilled}>
                  {t('documents.plan.stateSigned')}
                </StateTag>
              ) : (
                <Flex vertical gap={6} align="flex-end">
                  <Button
                    type={isNext ? 'primary' : 'default'}
                    size="small"
                    icon={<SignatureOutlined />}
                    disabled={!isNext}
                    onClick={(e) => {
                      e.stopPropagation();
                      onSign(step);
                    }}
                    aria-label={t('documents.plan.signStep', { step: step.step, label: step.label })}
                    data-testid={`plan-sign-${step.step}`}
                  >
                    {t('documents.sign.submit')}
                  </Button>
                  {started && (
                    <Button
                      size="small"
                      icon={<UserSwitchOutlined />}
                      onClick={(e) => {
                        e.stopPropagation();
                        onChangeSigner(step);
                      }}
                      aria-label={t('documents.plan.changeSignerLabel', { step: step.step, label: step.label })}
                      data-testid={`plan-change-signer-${step.step}`}
                    >
                      {t('documents.plan.changeSigner')}
                    </Button>
                  )}
                </Flex>
              )}
            </Flex>
          </Card>
        );
      })}
    </Flex>
  );
}
