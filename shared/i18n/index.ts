/**
 * The one translation mechanism of Affix: one catalogue (`en.json`,
 * `zh-CN.json` beside this file) and one lookup (i18next), used alike by the
 * renderer (through react-i18next), the CLI, verify.html, cert-verifier.html
 * and report.pdf. Messages that travel as data (verification reasons, proof
 * check findings, errors) carry a catalogue key and parameters, never English
 * text to be matched, and are put into words here, for the reader.
 */
import i18next, { type i18n } from 'i18next';
import en from './en.json';
import zhCN from './zh-CN.json';

export type Language = 'zh-CN' | 'en';
/** The short language names of the CLI's `--lang` and the report renderers. */
export type ReportLanguage = 'zh' | 'en';

export const CATALOGUE = { en, 'zh-CN': zhCN } as const;
export const RESOURCES = { en: { translation: en }, 'zh-CN': { translation: zhCN } };

/** A message as data: a catalogue key and the values it names. */
export interface Message {
  key: string;
  params?: Record<string, string | number>;
}

export const message = (key: string, params?: Record<string, string | number>): Message => (params ? { key, params } : { key });

export const toLanguage = (lang: Language | ReportLanguage): Language => (lang === 'zh' || lang === 'zh-CN' ? 'zh-CN' : 'en');

let instance: i18n | null = null;

/** The shared lookup, initialised synchronously (the catalogue is bundled, nothing is fetched). */
function lookup(): i18n {
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({ resources: RESOURCES, lng: 'en', fallbackLng: false, initAsync: false, interpolation: { escapeValue: false }, returnNull: false });
  }
  return instance;
}

/** `key` in `lang`, with `{{name}}` filled from `params`. A missing key is a defect the catalogue test catches; it shows as the key. */
export function translate(lang: Language | ReportLanguage, key: string, params?: Record<string, string | number>): string {
  return lookup().getFixedT(toLanguage(lang))(key, params ?? {});
}

/** A message-as-data in `lang`. */
export const say = (lang: Language | ReportLanguage, m: Message): string => translate(lang, m.key, m.params);

/** Whether the catalogue has `key` (for messages whose key is derived from a code). */
export const hasKey = (key: string): boolean => lookup().exists(key, { lng: 'en' });
