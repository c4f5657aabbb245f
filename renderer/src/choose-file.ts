/**
 * A file (or folder) chosen in the main process's native open dialog. The
 * window gets back a handle and the file's name, never a path it could
 * substitute (issue 16). Null when the user cancelled.
 */
import type { ChosenFile, FilePurpose } from '../../shared/contract/files';
import { affix, unwrap } from './api';

export async function chooseFile(purpose: FilePurpose): Promise<ChosenFile | null> {
  const { files } = await unwrap(affix().files.open({ purpose }));
  return files[0] ?? null;
}
