import { z } from 'zod';
import { method } from './define';
import { fsPath, oneOf } from './fs-path';
import { FileHandleSchema } from './files';

export const LanguageSchema = z.enum(['zh-CN', 'en']);
export type Language = z.infer<typeof LanguageSchema>;

export const SecretBackendSchema = z.object({
  /** How secrets at rest are protected on this machine. */
  kind: z.enum(['safeStorage', 'passphrase-only']),
  /** Electron's Linux backend name (e.g. gnome_libsecret, kwallet, basic_text) when known. */
  backend: z.string().nullable(),
  /** Set when protection is weak enough that the user must be told (e.g. basic_text). */
  warning: z.string().nullable(),
});

export const WorkspaceStatusSchema = z.object({
  appVersion: z.string(),
  home: z.string(),
  databasePath: z.string(),
  workspaceId: z.string(),
  createdAt: z.string(),
  /** Applied migration version per module, e.g. { core: 1, ledger: 2 }. */
  schema: z.record(z.string(), z.number().int()),
  documents: z.number().int().nonnegative(),
  blobs: z.object({ count: z.number().int().nonnegative(), bytes: z.number().int().nonnegative() }),
  ledger: z
    .object({
      size: z.number().int().nonnegative(),
      checkpointSize: z.number().int().nonnegative().nullable(),
      origin: z.string(),
    })
    .nullable(),
  secrets: SecretBackendSchema,
  language: LanguageSchema,
});
export type WorkspaceStatus = z.infer<typeof WorkspaceStatusSchema>;

export const workspaceContract = {
  status: method(z.object({}).strict(), WorkspaceStatusSchema, 'Real state of the open workspace.'),
} as const;

/** How the open workspace's folder was chosen at start-up, first match wins. */
export const HomeSourceSchema = z.enum(['argument', 'environment', 'preference', 'default']);

export const WorkspaceLocationSchema = z.object({
  /** The folder of the workspace open now. */
  current: z.string(),
  /** How `current` was chosen; null when the caller (CLI, tests) opened a folder it named itself. */
  chosenBy: HomeSourceSchema.nullable(),
  /** Whether a folder for the next start can be kept here (only the desktop app keeps one). */
  canChoose: z.boolean(),
  /** The folder the app will open at its next start when neither --home nor AFFIX_HOME is given; null = the default. */
  nextStart: z.string().nullable(),
  /** The app's default workspace folder, when known. */
  defaultHome: z.string().nullable(),
});
export type WorkspaceLocation = z.infer<typeof WorkspaceLocationSchema>;

export const settingsContract = {
  workspaceLocation: method(
    z.object({}).strict(),
    WorkspaceLocationSchema,
    'Where the open workspace is, how it was chosen, and the folder kept for the next start.',
  ),
  setWorkspaceLocation: method(
    z
      .object({ path: fsPath().nullable().optional(), folder: FileHandleSchema.optional() })
      .strict()
      .refine(oneOf('path', 'folder'), 'give either path or folder (a handle from files.open with purpose workspace-folder)'),
    WorkspaceLocationSchema,
    'Keep a workspace folder (an Affix workspace, an empty folder or a new one in a writable folder) to open at the next start; path null returns to the default. The window names the folder by the handle of a folder chosen in the folder dialog.',
  ),
  get: method(z.object({}).strict(), z.object({ language: LanguageSchema }), 'User preferences kept in the workspace.'),
  setLanguage: method(z.object({ language: LanguageSchema }).strict(), z.object({ language: LanguageSchema }), 'Persist the UI language.'),
} as const;
