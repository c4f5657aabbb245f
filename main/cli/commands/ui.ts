/**
 * `affix ui`: the app for the workspace. The desktop app where the Electron
 * binary is installed; otherwise — or with --browser — the same app in a
 * Chromium-family browser found on the machine, over the same router on
 * 127.0.0.1 (main/browser-shell/).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Language } from '../../../shared/contract/workspace';
import { electronBinary } from '../../browser-shell/electron-binary';
import { findDistDir, runBrowserShell } from '../../browser-shell/run-shell';
import { defineCommand, optionalString, UsageError } from '../command';
import { EXIT, type ExitStatus } from '../exit-status';

const LANGUAGES: Record<string, Language> = { en: 'en', zh: 'zh-CN', 'zh-CN': 'zh-CN' };

export const uiCommands = [
  defineCommand({
    name: 'ui',
    summary: 'Open the app on the workspace: the desktop app, or the same app in Chromium/Chrome where Electron is missing.',
    usage: '[--browser] [--no-open] [--lang en|zh-CN]',
    options: {
      browser: { type: 'boolean', description: 'use a Chromium-family browser even if Electron is installed' },
      'no-open': { type: 'boolean', description: 'serve on 127.0.0.1 and print a one-time link instead of opening a window' },
      lang: { type: 'string', description: 'store this language in the workspace first', valueName: 'en|zh-CN' },
    },
    details: [
      'The browser is AFFIX_BROWSER, else the first of chromium, google-chrome, microsoft-edge… found.',
      'It listens on 127.0.0.1 only, on a random port; only the window it opens (or the one-time link) can call it.',
      'Stops when the window closes or on Ctrl-C.',
    ].join('\n'),
    async run(ctx, args): Promise<ExitStatus> {
      const langArg = optionalString(args, 'lang');
      const language = langArg === undefined ? undefined : LANGUAGES[langArg];
      if (langArg !== undefined && !language) throw new UsageError(`--lang must be en or zh-CN, got "${langArg}"`);
      const distDir = findDistDir(__dirname);
      const electron = args.values.browser || args.values['no-open'] ? undefined : electronBinary(distDir, ctx.env);
      if (electron) {
        if (language) ctx.services({ create: true }).settings.setLanguage(language);
        const child = spawn(electron, [join(distDir, '..'), `--home=${ctx.home}`], { stdio: 'inherit' });
        return new Promise((resolve) => child.once('exit', (code) => resolve(code === 0 ? EXIT.OK : EXIT.BAD_INPUT)));
      }
      if (!args.values.browser && !args.values['no-open'])
        ctx.err('The Electron binary is not installed here; opening Affix in this machine’s Chromium/Chrome instead.');
      return (await runBrowserShell({
        services: ctx.services({ create: true }),
        home: ctx.home,
        distDir,
        language,
        open: args.values['no-open'] !== true,
        env: ctx.env,
        out: ctx.out,
        err: ctx.err,
      })) as ExitStatus;
    },
  }),
];
