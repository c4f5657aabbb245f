/**
 * Exposes exactly the contract's methods as `window.affix`. The renderer never
 * sees ipcRenderer or the IPC event object.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildAffixApi, IPC_CHANNEL } from '../../shared/contract/build-api';

contextBridge.exposeInMainWorld(
  'affix',
  buildAffixApi((method, input) => ipcRenderer.invoke(IPC_CHANNEL, method, input)),
);
