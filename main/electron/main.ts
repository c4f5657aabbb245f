/**
 * Electron entry: the only place (with the preload) that imports `electron`.
 * It opens the workspace, wires the one router to IPC with a trusted-sender
 * check, and shows a sandboxed, context-isolated window served from app://.
 */
import { app, BrowserWindow, ipcMain } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { IPC_CHANNEL } from '../../shared/contract/build-api';
import { APP_ORIGIN, createAppRouter } from '../ipc/app-router';
import { openServices } from '../services/composition/container';
import { offThreadVerification } from '../services/composition/off-thread-verification';
import { chooseAppHome } from '../services/domain/settings/workspace-location';
import { registerAppSchemeAsPrivileged, serveRenderer } from './app-protocol';
import { runCliModeIfRequested } from './cli-mode';
import { applyHardening } from './hardening';
import { nativeFileDialogs } from './native-file-dialogs';
import { createSafeStorageProtector } from './safe-storage-protector';

// The Electron build of better-sqlite3 (electron-builder install-app-deps) is shipped beside the app.
const electronSqlite = join(process.resourcesPath ?? '', 'app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node');
if (!process.env.AFFIX_SQLITE_BINDING && existsSync(electronSqlite)) process.env.AFFIX_SQLITE_BINDING = electronSqlite;

function startApp(): void {
  registerAppSchemeAsPrivileged();
  const homeArg = process.argv.find((a) => a.startsWith('--home='))?.slice('--home='.length);

  app
    .whenReady()
    .then(() => {
      applyHardening();
      serveRenderer(join(__dirname, '..', 'renderer'));
      // --home, then AFFIX_HOME, then the folder kept from Settings (in userData, outside any workspace), then userData itself.
      const start = chooseAppHome({
        argument: homeArg,
        environment: process.env.AFFIX_HOME,
        configDir: app.getPath('userData'),
        defaultHome: app.getPath('userData'),
      });
      // PDF and proof-package verification run in a worker thread, so no IPC call waits behind them.
      const services = offThreadVerification(
        openServices(start.home, {
          create: true,
          protector: createSafeStorageProtector(),
          appStart: start,
        }),
      );
      let win: BrowserWindow | null = null;
      const router = createAppRouter(
        services,
        [APP_ORIGIN],
        nativeFileDialogs(() => win),
      );
      ipcMain.handle(IPC_CHANNEL, (event, method: unknown, input: unknown) =>
        router.invoke(String(method), input, { kind: 'frame', url: event.senderFrame?.url ?? '' }),
      );
      win = new BrowserWindow({
        width: 1280,
        height: 860,
        title: 'Affix',
        show: false,
        webPreferences: {
          preload: join(__dirname, 'preload.cjs'),
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
          webSecurity: true,
          spellcheck: false,
        },
      });
      const shown = win;
      shown.once('ready-to-show', () => shown.show());
      void shown.loadURL(`${APP_ORIGIN}/index.html`);
      app.on('before-quit', () => services.close());
    })
    .catch((error: unknown) => {
      // A workspace that cannot open leaves no window to show the error in.
      console.error('Affix could not start:', error);
      app.exit(1);
    });

  app.on('window-all-closed', () => app.quit());
}

if (!runCliModeIfRequested(process.argv)) startApp();
