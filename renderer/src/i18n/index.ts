/**
 * The renderer's side of the one catalogue (shared/i18n): react-i18next fed
 * with the same resources the CLI and the reports translate from. Both
 * languages are bundled (the app is offline) and complete: a test
 * (test/ui/i18n-keys.test.ts) fails when a key is missing from either file or
 * a `t('…')` in the sources names a key that does not exist.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../../shared/contract/workspace';
import { RESOURCES } from '../../../shared/i18n';

export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];

export async function initI18n(language: Language): Promise<void> {
  await i18next.use(initReactI18next).init({
    resources: RESOURCES,
    lng: language,
    fallbackLng: false,
    interpolation: { escapeValue: false }, // React escapes.
    returnNull: false,
  });
  document.documentElement.lang = language;
}

export async function switchI18nLanguage(language: Language): Promise<void> {
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

/** The browser's guess, used only when the workspace cannot be asked. */
export const browserLanguage = (): Language => (/^zh/i.test(navigator.language) ? 'zh-CN' : 'en');
