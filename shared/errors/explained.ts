/**
 * Errors raised in words: a catalogue key (under `errors.`) and its values.
 * The English text becomes the message (logs, the CLI); the key and values
 * travel with it so the window and reports say it in the reader's language,
 * with the advice the catalogue gives for what to do next.
 */
import { translate } from '../i18n';
import { AffixError, type ErrorCode } from './affix-error';

export function explained(code: ErrorCode, key: string, params?: Record<string, string | number>, cause?: unknown): AffixError {
  return new AffixError(code, translate('en', key, params), { cause, said: params ? { key, params } : { key } });
}

/** "x is not a PDF" in words. */
export const notPdf = (name: string): AffixError => explained('BAD_INPUT', 'errors.file.notPdf', { name });
