/**
 * Files enter and leave through the main process (issue 16): the window asks
 * for a file dialog (open or save) or hands over a dropped file's bytes, and
 * gets back an opaque handle. Methods that read or write a file take the
 * handle, never a path, so the window can name no file the user did not
 * choose.
 */
import { z } from 'zod';
import { method } from './define';

export const FileHandleSchema = z.string().regex(/^file-[0-9a-f-]{36}$/, 'expected a file handle (file-…) from files.open, files.save or files.drop');
export type FileHandle = z.infer<typeof FileHandleSchema>;

/** What a file is for; it sets the dialog's title and filter. */
export const FilePurposeSchema = z.enum([
  'pdf',
  'photo',
  'proof-package',
  'certificate',
  'trust-policy',
  'pkcs11-module',
  'report',
  'workspace-folder',
  'timestamp-query',
  'timestamp-reply',
  'witness-policy',
  'witness-request',
  'witness-response',
]);
export type FilePurpose = z.infer<typeof FilePurposeSchema>;

export const ChosenFileSchema = z.object({ handle: FileHandleSchema, name: z.string(), size: z.number().int().nonnegative() });
export type ChosenFile = z.infer<typeof ChosenFileSchema>;

export const filesContract = {
  open: method(
    z.object({ purpose: FilePurposeSchema, multiple: z.boolean().optional() }).strict(),
    z.object({ files: z.array(ChosenFileSchema) }),
    'Show the open-file dialog for a purpose; the chosen files as handles (none when cancelled).',
  ),
  save: method(
    z.object({ purpose: FilePurposeSchema, suggestedName: z.string().min(1).max(255) }).strict(),
    z.object({ handle: FileHandleSchema, name: z.string() }).nullable(),
    'Show the save-file dialog; the chosen target as a handle (null when cancelled).',
  ),
  drop: method(
    z.object({ name: z.string().min(1).max(255), base64: z.string().min(1) }).strict(),
    ChosenFileSchema,
    'A file the window read from a drop (or its own chooser), kept by the main process under a handle.',
  ),
} as const;
