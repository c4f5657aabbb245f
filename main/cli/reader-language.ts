/**
 * The language of a report on the terminal: `--lang zh|en` when given, else
 * the POSIX locale (LC_ALL, then LC_MESSAGES, then LANG — the order
 * setlocale(3) consults), so `LANG=zh_CN.UTF-8 affix verify …` reads in
 * Chinese with Beijing time.
 */
import type { ReportLanguage } from '../../shared/i18n';
import { optionalString, UsageError, type ParsedArgs } from './command';

export function readerLanguage(args: ParsedArgs, env: NodeJS.ProcessEnv): ReportLanguage {
  const asked = optionalString(args, 'lang');
  if (asked !== undefined) {
    if (asked === 'zh' || asked === 'zh-CN') return 'zh';
    if (asked === 'en') return 'en';
    throw new UsageError(`--lang must be "zh" or "en", got "${asked}"`);
  }
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(locale) ? 'zh' : 'en';
}
