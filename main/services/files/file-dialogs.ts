import type { FilePurpose } from '../../../shared/contract/files';

/**
 * The native open and save dialogs. Electron shows them (main/electron/);
 * the browser test bridge answers with paths a test sets; the CLI has none.
 */
export interface FileDialogs {
  /** Absolute paths chosen, or [] when cancelled. */
  open(options: { purpose: FilePurpose; multiple: boolean; filters: FileFilter[] }): Promise<string[]>;
  /** The absolute path chosen to save to, or null when cancelled. */
  save(options: { purpose: FilePurpose; suggestedName: string; filters: FileFilter[] }): Promise<string | null>;
}

export interface FileFilter {
  name: string;
  extensions: string[];
}

/** What each purpose lets the dialog show. */
export const FILTERS: Record<FilePurpose, FileFilter[]> = {
  pdf: [{ name: 'PDF', extensions: ['pdf'] }],
  photo: [{ name: 'JPEG / PNG', extensions: ['jpg', 'jpeg', 'png'] }],
  'proof-package': [{ name: 'Affix proof package', extensions: ['affixproof'] }],
  certificate: [{ name: 'X.509', extensions: ['pem', 'crt', 'cer', 'der'] }],
  'trust-policy': [{ name: 'JSON', extensions: ['json'] }],
  'pkcs11-module': [{ name: 'PKCS#11', extensions: ['so', 'dylib', 'dll'] }],
  report: [{ name: 'PDF', extensions: ['pdf'] }],
  /** C2SP tlog-policy, tlog-witness request and response bodies: plain text, no fixed extension. */
  'witness-policy': [
    { name: 'Text', extensions: ['txt', 'policy'] },
    { name: '*', extensions: ['*'] },
  ],
  'witness-request': [
    { name: 'Text', extensions: ['txt'] },
    { name: '*', extensions: ['*'] },
  ],
  'witness-response': [
    { name: 'Text', extensions: ['txt'] },
    { name: '*', extensions: ['*'] },
  ],
  /** A folder: the dialog picks directories, so no filter applies. */
  'workspace-folder': [],
  'timestamp-query': [{ name: 'RFC 3161 time-stamp query', extensions: ['tsq'] }],
  'timestamp-reply': [{ name: 'RFC 3161 time-stamp reply', extensions: ['tsr'] }],
};
