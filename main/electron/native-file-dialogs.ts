/**
 * The file dialogs behind files.open and files.save: Electron's native ones,
 * modal to the app window. Only this folder imports electron.
 */
import { dialog, type BrowserWindow } from 'electron';
import type { FileDialogs } from '../services/files/file-dialogs';

export function nativeFileDialogs(window: () => BrowserWindow | null): FileDialogs {
  return {
    async open({ purpose, multiple, filters }) {
      const win = window();
      const pick: Electron.OpenDialogOptions['properties'] = purpose === 'workspace-folder' ? ['openDirectory', 'createDirectory'] : ['openFile'];
      const options: Electron.OpenDialogOptions = { properties: multiple ? [...pick, 'multiSelections'] : pick, filters };
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? [] : result.filePaths;
    },
    async save({ suggestedName, filters }) {
      const win = window();
      const options: Electron.SaveDialogOptions = { defaultPath: suggestedName, filters };
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
  };
}
