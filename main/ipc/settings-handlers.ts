/** The Settings page's contract methods: language, workspace folder, PKCS#11, trust anchors, passphrase (listed in handlers.ts). */
import type { Services } from '../services/composition/container';
import { decodeBase64 } from '../services/domain/documents/base64-pdf';
import type { FileHandles } from '../services/files/file-handles';
import type { Handlers } from './router';

/** `files` turns the window's handles (a module or folder chosen in a dialog) into the paths the services take. */
export function settingsHandlers(s: Services, files: FileHandles): Pick<Handlers, 'settings' | 'pkcs11' | 'trust' | 'passphrase'> {
  return {
    settings: {
      get: () => ({ language: s.settings.language() }),
      setLanguage: ({ language }) => ({ language: s.settings.setLanguage(language) }),
      workspaceLocation: () => s.location.get(),
      setWorkspaceLocation: ({ path, folder }) => s.location.set(folder ? files.openedPath(folder, 'workspace-folder') : (path ?? null)),
    },
    pkcs11: {
      list: () => s.pkcs11.list(),
      add: ({ path, module }) => s.pkcs11.add(module ? files.openedPath(module, 'pkcs11-module') : path!),
      remove: ({ path }) => s.pkcs11.remove(path),
      objects: ({ modulePath, slotId, pin }) => s.pkcs11.objects(modulePath, slotId, pin),
    },
    trust: {
      list: () => s.trust.list(),
      importFile: ({ path }) => s.trust.importFile(path),
      importBytes: ({ name, base64 }) => s.trust.importBytes(decodeBase64(base64, name), name),
      remove: ({ sha256 }) => s.trust.remove(sha256),
    },
    passphrase: {
      change: ({ oldPassphrase, newPassphrase }) => s.passphrase.change(oldPassphrase, newPassphrase),
    },
  };
}
