import { Alert, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { translate } from '../../../shared/i18n';
import type { AffixCallError, CallErrorCode } from '../api';

/**
 * Shows what failed and what the user can do about it. An error raised in
 * words (a catalogue key and values) is shown in the reader's language with
 * its own advice; any other shows its code's advice, and the main process's
 * English message is kept behind "details" on a Chinese page.
 */
export function ErrorAlert({ error, title, style }: { error: AffixCallError; title?: string; style?: CSSProperties }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'zh-CN';
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
            {language === 'en' ? (
              <span data-testid="error-message">{error.message}</span>
            ) : (
              <span data-testid="error-said">{error.said ? translate(language, error.said.key, error.said.params) : hints[error.code]}</span>
            )}
          </div>
          {language === 'en' && <div data-testid="error-advice">{error.said ? translate(language, error.said.key, error.said.params) : hints[error.code]}</div>}
          {language !== 'en' && (
            <details>
              <summary>{t('errors.details')}</summary>
              <span data-testid="error-message" lang="en">
                {error.message}
              </span>
            </details>
          )}
        </>
      }
    />
  );
}
