/** The document's bottom line: one banner with colour, icon, a plain sentence and what to do next. */
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { VerificationReport } from '../../../../shared/verify/report';
import { subIndicationWords } from './sub-indications';

export function BottomLine({ report }: { report: VerificationReport }) {
  const { t } = useTranslation();
  const d = report.document;
  const n = report.signatures.length;
  const title =
    d.indication === 'TOTAL-PASSED'
      ? t('verify.verdict.passed', { count: n })
      : d.indication === 'TOTAL-FAILED'
        ? t('verify.verdict.failed')
        : n === 0
          ? t('verify.verdict.unsigned')
          : t('verify.verdict.indeterminate');
  // An unsigned PDF has no certificate to trace: it gets no certificate advice.
  const advice =
    d.indication === 'TOTAL-PASSED'
      ? t('verify.advice.passed')
      : d.indication === 'TOTAL-FAILED'
        ? t('verify.advice.failed')
        : n === 0
          ? t('verify.advice.unsigned')
          : report.trustAnchors === 0
            ? t('verify.advice.noAnchors')
            : t('verify.advice.indeterminate');
  return (
    <Alert
      type={d.indication === 'TOTAL-PASSED' ? 'success' : d.indication === 'TOTAL-FAILED' ? 'error' : 'warning'}
      showIcon
      data-testid="verify-bottom-line"
      data-indication={d.indication}
      title={title}
      description={
        <>
          {d.indication !== 'TOTAL-PASSED' && n > 0 && <div data-testid="verify-bottom-line-why">{subIndicationWords(t)[d.subIndication]}</div>}
          <div>{advice}</div>
        </>
      }
    />
  );
}
