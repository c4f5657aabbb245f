/**
 * The desktop app's workspace folder: --home beats AFFIX_HOME beats the folder
 * kept from Settings beats the default; a kept folder must be an Affix
 * workspace, an empty folder or a new one in a writable folder; the choice is
 * a small JSON file in the app's config folder (outside every workspace),
 * read again at the next start. Outside the app (CLI) nothing is kept.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { APP_ORIGIN, createAppRouter } from '../../../main/ipc/app-router';
import type { Router } from '../../../main/ipc/router';
import { openServices } from '../../../main/services/composition/container';
import {
  chooseAppHome,
  LOCATION_FILE,
  readNextStart,
  unusableReason,
  WorkspaceLocationService,
} from '../../../main/services/domain/settings/workspace-location';
import type { WorkspaceLocation } from '../../../shared/contract/workspace';
import { tempHome } from '../../support/cli';
import { tempDir } from '../../support/signing-fixtures';
import { scriptedDialogs } from '../../support/bridge';

const app = { kind: 'frame', url: 'app://affix/index.html' } as const;

/** The window's way to name a folder: the folder dialog's handle (issue 16). */
async function keepChosenFolder(router: Router, dialogs: ReturnType<typeof scriptedDialogs>, folder: string) {
  dialogs.nextOpen([folder]);
  const chosen = await router.invoke('files.open', { purpose: 'workspace-folder' }, app);
  assert.ok(chosen.ok, JSON.stringify(chosen));
  const [{ handle }] = (chosen.value as { files: { handle: string }[] }).files;
  return router.invoke('settings.setWorkspaceLocation', { folder: handle }, app);
}

describe('workspace location', () => {
  const tmp = tempDir('affix-location-');
  const at = (...p: string[]) => join(tmp.dir, ...p);
  const configDir = at('config');
  const defaultHome = at('config');
  after(() => tmp.cleanup());

  it('judges folders: workspace, empty or creatable are fine; files, non-empty folders and relative paths are not', () => {
    const ws = openServices(at('existing-ws'), { create: true });
    ws.close();
    mkdirSync(at('empty'));
    mkdirSync(at('full'));
    writeFileSync(at('full', 'notes.txt'), 'x');
    writeFileSync(at('a-file'), 'x');
    assert.equal(unusableReason(at('existing-ws')), null);
    assert.equal(unusableReason(at('empty')), null);
    assert.equal(unusableReason(at('new', 'deeper')), null);
    assert.match(unusableReason(at('full'))!, /neither an Affix workspace \(no affix\.db\) nor empty \(it holds notes\.txt\)/);
    assert.match(unusableReason(at('a-file'))!, /is a file, not a folder/);
    assert.match(unusableReason(at('a-file', 'below'))!, /a-file is a file, not a folder/);

    const service = new WorkspaceLocationService(at('existing-ws'), chooseAppHome({ configDir, defaultHome }));
    assert.throws(() => service.set('relative/folder'), /must be an absolute path/);
    assert.throws(() => service.set(at('full')), /Cannot use .*full as the workspace: .*nor empty/);
    assert.equal(readNextStart(configDir), null, 'a refused folder is not kept');
  });

  it('keeps a folder for the next start in the config folder, and the next start opens it', async () => {
    const first = chooseAppHome({ configDir, defaultHome });
    assert.deepEqual([first.home, first.chosenBy], [defaultHome, 'default']);
    const services = openServices(first.home, { create: true, appStart: first });
    const dialogs = scriptedDialogs();
    const router = createAppRouter(services, [APP_ORIGIN], dialogs);
    try {
      const before = await router.invoke('settings.workspaceLocation', {}, app);
      assert.deepEqual(before.ok && before.value, {
        current: defaultHome,
        chosenBy: 'default',
        canChoose: true,
        nextStart: null,
        defaultHome,
      } satisfies WorkspaceLocation);
      const typed = await router.invoke('settings.setWorkspaceLocation', { path: at('empty') }, app);
      assert.equal(typed.ok ? null : typed.error.code, 'FORBIDDEN_SENDER', 'the window cannot type a folder');
      const set = await keepChosenFolder(router, dialogs, at('empty'));
      assert.ok(set.ok, set.ok ? '' : set.error.message);
      const kept = set.value as WorkspaceLocation;
      assert.equal(kept.nextStart, at('empty'));
      assert.equal(kept.current, defaultHome, 'the open workspace does not change until the next start');
      const refused = await keepChosenFolder(router, dialogs, at('full'));
      assert.equal(refused.ok ? null : refused.error.code, 'BAD_INPUT');
    } finally {
      services.close();
    }
    assert.equal(JSON.parse(readFileSync(join(configDir, LOCATION_FILE), 'utf8')).home, at('empty'));

    const next = chooseAppHome({ configDir, defaultHome });
    assert.deepEqual([next.home, next.chosenBy], [at('empty'), 'preference']);
    // --home and AFFIX_HOME still win over the kept folder.
    assert.equal(chooseAppHome({ argument: at('arg'), environment: at('env'), configDir, defaultHome }).chosenBy, 'argument');
    assert.deepEqual(
      [chooseAppHome({ environment: at('env'), configDir, defaultHome }).home, chooseAppHome({ environment: at('env'), configDir, defaultHome }).chosenBy],
      [at('env'), 'environment'],
    );

    // Back to the default.
    const service = new WorkspaceLocationService(next.home, next);
    assert.equal(service.set(null).nextStart, null);
    assert.equal(chooseAppHome({ configDir, defaultHome }).chosenBy, 'default');
  });

  it('a kept folder that became unusable, or a damaged file, falls back to the default', () => {
    const service = new WorkspaceLocationService(defaultHome, chooseAppHome({ configDir, defaultHome }));
    service.set(at('later-a-file'));
    writeFileSync(at('later-a-file'), 'now a file');
    assert.equal(chooseAppHome({ configDir, defaultHome }).chosenBy, 'default');
    writeFileSync(join(configDir, LOCATION_FILE), '{ not json');
    assert.equal(readNextStart(configDir), null);
    assert.equal(chooseAppHome({ configDir, defaultHome }).home, defaultHome);
  });

  it('outside the desktop app nothing is kept, and saying so is a clear refusal', async () => {
    const services = openServices(tempHome('affix-location-cli-'), { create: true });
    const router = createAppRouter(services);
    try {
      const got = await router.invoke('settings.workspaceLocation', {}, app);
      assert.deepEqual(got.ok && { ...(got.value as WorkspaceLocation), current: '' }, {
        current: '',
        chosenBy: null,
        canChoose: false,
        nextStart: null,
        defaultHome: null,
      });
      const set = await router.invoke('settings.setWorkspaceLocation', { path: at('empty') }, { kind: 'cli' });
      assert.equal(set.ok ? null : set.error.code, 'BAD_INPUT');
      assert.match(set.ok ? '' : set.error.message, /Only the desktop app keeps a workspace folder/);
    } finally {
      services.close();
    }
  });
});
