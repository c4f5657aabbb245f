import { z } from 'zod';
import { method } from './define';

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

export const settingsContract = {
  get: method(
    z.object({}).strict(),
    z.object({ language: LanguageSchema }),
    'User preferences kept in the workspace.',
  ),
  setLanguage: method(
    z.object({ language: LanguageSchema }).strict(),
    z.object({ language: LanguageSchema }),
    'Persist the UI language.',
  ),
} as const;
