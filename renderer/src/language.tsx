import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Language } from '../../shared/contract/workspace';
import { affix, unwrap } from './api';
import { switchI18nLanguage } from './i18n';

interface LanguageState {
  language: Language;
  /** Persists the choice in the workspace first, so the UI never shows a language that was not saved. */
  setLanguage(language: Language): Promise<void>;
}

const LanguageContext = createContext<LanguageState | null>(null);

export function LanguageProvider({ initial, children }: { initial: Language; children: ReactNode }) {
  const [language, setState] = useState<Language>(initial);
  const setLanguage = useCallback(async (next: Language) => {
    const saved = await unwrap(affix().settings.setLanguage({ language: next }));
    await switchI18nLanguage(saved.language);
    setState(saved.language);
  }, []);
  const value = useMemo(() => ({ language, setLanguage }), [language, setLanguage]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageState {
  const state = useContext(LanguageContext);
  if (!state) throw new Error('useLanguage outside LanguageProvider');
  return state;
}
