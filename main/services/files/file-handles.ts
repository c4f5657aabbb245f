/**
 * Opaque handles for files the user chose (issue 16): a dialog's path or a
 * dropped file's bytes, kept here under a random id for this run of the app.
 * The window only ever holds the id, so it cannot make the main process read
 * or write a file the user did not pick.
 */
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ChosenFile, FileHandle, FilePurpose } from '../../../shared/contract/files';
import { AffixError, badInput } from '../../../shared/errors/affix-error';
import { readWholeFile } from '../core/fs/input-file';
import { FILTERS, type FileDialogs } from './file-dialogs';

type Held =
  | { kind: 'open'; path: string; name: string; size: number; purpose: FilePurpose }
  | { kind: 'bytes'; bytes: Buffer; name: string }
  | { kind: 'save'; path: string; name: string };

/** Dropped files are held in memory; the window's drop zone refuses larger ones before sending. */
const MAX_HELD_BYTES = 256 * 1024 * 1024;

export class FileHandles {
  private readonly held = new Map<FileHandle, Held>();

  constructor(private readonly dialogs: FileDialogs | null) {}

  async open(purpose: FilePurpose, multiple: boolean): Promise<{ files: ChosenFile[] }> {
    const paths = await this.requireDialogs().open({ purpose, multiple, filters: FILTERS[purpose] });
    return {
      files: paths.map((path) => {
        const size = statSync(path).size;
        return { handle: this.keep({ kind: 'open', path, name: basename(path), size, purpose }), name: basename(path), size };
      }),
    };
  }

  async save(purpose: FilePurpose, suggestedName: string): Promise<{ handle: FileHandle; name: string } | null> {
    const path = await this.requireDialogs().save({ purpose, suggestedName: basename(suggestedName), filters: FILTERS[purpose] });
    return path === null ? null : { handle: this.keep({ kind: 'save', path, name: basename(path) }), name: basename(path) };
  }

  drop(name: string, bytes: Buffer): ChosenFile {
    if (bytes.length > MAX_HELD_BYTES) throw badInput(`${name} is larger than ${MAX_HELD_BYTES / 1024 / 1024} MB.`);
    return { handle: this.keep({ kind: 'bytes', bytes, name }), name, size: bytes.length };
  }

  /** The name the user chose the file by (for messages). */
  nameOf(handle: FileHandle): string {
    return this.get(handle).name;
  }

  /** The bytes of a file chosen to read (opened or dropped); with `maxBytes`, a larger file is refused before it is read. */
  read(handle: FileHandle, maxBytes?: number): { name: string; bytes: Buffer } {
    const held = this.get(handle);
    if (held.kind === 'save') throw badInput(`${held.name} was chosen as a file to save to, not one to read.`);
    if (maxBytes !== undefined) {
      const size = held.kind === 'bytes' ? held.bytes.length : statSync(held.path).size;
      if (size > maxBytes) throw badInput(`${held.name} is ${size} bytes; at most ${maxBytes} are accepted here.`);
    }
    return { name: held.name, bytes: held.kind === 'bytes' ? held.bytes : readWholeFile(held.path) };
  }

  /** The path of a file chosen in the open dialog, for what must stay a file (a PKCS#11 module, a streamed PDF, a folder); `purpose` is what it must have been chosen for. */
  openedPath(handle: FileHandle, purpose?: FilePurpose): string {
    const held = this.get(handle);
    if (held.kind !== 'open') throw badInput(`${held.name} was not chosen in the open-file dialog.`);
    if (purpose && held.purpose !== purpose) throw badInput(`${held.name} was chosen as a ${held.purpose} file, not a ${purpose}.`);
    return held.path;
  }

  /** Where to write a file chosen in the save dialog. */
  savePath(handle: FileHandle): string {
    const held = this.get(handle);
    if (held.kind !== 'save') throw badInput(`${held.name} was not chosen as a file to save to.`);
    return held.path;
  }

  private keep(held: Held): FileHandle {
    const handle = `file-${randomUUID()}`;
    this.held.set(handle, held);
    return handle;
  }

  private get(handle: FileHandle): Held {
    const held = this.held.get(handle);
    if (!held) throw new AffixError('NOT_FOUND', 'The chosen file is no longer known (the app was restarted); choose it again.');
    return held;
  }

  private requireDialogs(): FileDialogs {
    if (!this.dialogs) throw new AffixError('REFUSED', 'No file dialog is available here; drop the file instead.');
    return this.dialogs;
  }
}
