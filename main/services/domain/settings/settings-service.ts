import type { Language } from '../../../../shared/contract/workspace';
import type { Workspace } from '../../core/workspace/workspace';

/** Guess from the OS locale until the user chooses; the choice is then kept in the workspace. */
export const systemLanguage = (env = process.env): Language => (/^zh/i.test(env.LC_ALL || env.LC_MESSAGES || env.LANG || '') ? 'zh-CN' : 'en');

export class SettingsService {
  constructor(private readonly ws: Workspace) {}

  language(): Language {
    const stored = this.ws.meta('language');
    return stored === 'zh-CN' || stored === 'en' ? stored : systemLanguage();
  }

  setLanguage(language: Language): Language {
    this.ws.setMeta('language', language);
    return language;
  }
}
