import { Alert, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { AffixCallError, CallErrorCode } from '../api';

/** Shows what failed (the code and the main process's message) and what the user can do about it. */
export function ErrorAlert({ error, title, style }: { error: AffixCallError; title?: string; style?: CSSProperties }) {
  const { t } = useTranslation();
  const hints: Record<CallErrorCode, string> = {
    BAD_INPUT: t('errors.hint.badInput'),
    BAD_SECRET: t('errors.hint.badSecret'),
    NOT_FOUND: t('errors.hint.notFound'),
    CONFLICT: t('errors.hint.conflict'),
    REFUSED: t('errors.hint.refused'),
    FORBIDDEN_SENDER: t('errors.hint.forbiddenSender'),
    UNKNOWN_METHOD: t('errors.hint.unknownMethod'),
    NOT_INITIALISED: t('errors.hint.notInitialised'),
    CANCELLED: t('errors.hint.cancelled'),
    INTERNAL: t('errors.hint.internal'),
    NO_BRIDGE: t('errors.hint.noBridge'),
  };
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="error-alert"
      style={style}
      title={title ?? t('errors.title')}
      description={
        <>
          <div>
            <Typography.Text code data-testid="error-code">
              {error.code}
            </Typography.Text>{' '}
            <span data-testid="error-message">{error.message}</span>
          </div>
          <div>{hints[error.code]}</div>
        </>
      }
    />
  );
}
