import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { Language } from '../../shared/contract/workspace';
import { type AffixCallError, affix, asCallError, unwrap } from './api';
import { Root } from './App';
import './global.css';
import { browserLanguage, initI18n } from './i18n';

/** The language comes from the workspace before the first paint, so the first screen is already right. */
async function start(): Promise<void> {
  let language: Language;
  let bootError: AffixCallError | null = null;
  try {
    language = (await unwrap(affix().settings.get({}))).language;
  } catch (error) {
    language = browserLanguage();
    bootError = asCallError(error);
  }
  await initI18n(language);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <Root language={language} bootError={bootError} />
    </StrictMode>,
  );
}

void start();
