/**
 * The Settings page's services beyond language and workspace folder (those are
 * `settingsContract` in workspace.ts): PKCS#11 modules and their tokens, the
 * trust anchors verification uses, and changing the workspace passphrase.
 */
import { z } from 'zod';
import { method } from './define';
import { Sha256HexSchema } from './documents';
import { NEW_PASSPHRASE_MIN } from './passphrase-policy';
import { fsPath, oneOf, registeredModulePath } from './fs-path';
import { FileHandleSchema } from './files';

// ── PKCS#11 ────────────────────────────────────────────────────────────────

/** A slot handle as the module reports it (hex), used to name a token in later calls. */
export const SlotIdSchema = z.string().regex(/^[0-9a-f]{1,64}$/, 'expected a slot id (hex, as listed)');
const ModulePathSchema = registeredModulePath();

export const Pkcs11TokenSchema = z.object({
  slotId: SlotIdSchema,
  slotDescription: z.string(),
  label: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  serial: z.string(),
  initialized: z.boolean(),
  loginRequired: z.boolean(),
  /** False while the token's user PIN has not been set (only the security officer can use it). */
  userPinInitialized: z.boolean(),
});
export type Pkcs11Token = z.infer<typeof Pkcs11TokenSchema>;

export const Pkcs11ModuleSchema = z.object({
  path: z.string(),
  addedAt: z.string(),
  /** What the library says about itself; null when it cannot be loaded now (see `error`). */
  library: z.object({ description: z.string(), manufacturer: z.string(), cryptokiVersion: z.string(), libraryVersion: z.string() }).nullable(),
  /** Tokens present in the module's slots right now. */
  tokens: z.array(Pkcs11TokenSchema),
  /** Why the module cannot be used now (moved, not a PKCS#11 library any more…). */
  error: z.string().nullable(),
});
export type Pkcs11Module = z.infer<typeof Pkcs11ModuleSchema>;

export const Pkcs11CertificateSchema = z.object({
  label: z.string(),
  /** CKA_ID in hex: the key with the same id signs for this certificate. */
  id: z.string(),
  subject: z.string(),
  issuer: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  sha256: Sha256HexSchema,
});

export const Pkcs11KeySchema = z.object({ label: z.string(), id: z.string(), keyType: z.string() });

export const Pkcs11ObjectsSchema = z.object({
  token: Pkcs11TokenSchema,
  /** Whether a PIN was given and accepted: private keys are listed only then. */
  loggedIn: z.boolean(),
  certificates: z.array(Pkcs11CertificateSchema),
  /** Null without a PIN: private key objects are only visible after login. */
  privateKeys: z.array(Pkcs11KeySchema).nullable(),
});
export type Pkcs11Objects = z.infer<typeof Pkcs11ObjectsSchema>;

export const pkcs11Contract = {
  list: method(z.object({}).strict(), z.array(Pkcs11ModuleSchema), 'Registered PKCS#11 module libraries, each loaded now to list its tokens.'),
  add: method(
    z
      .object({ path: fsPath().optional(), module: FileHandleSchema.optional() })
      .strict()
      .refine(oneOf('path', 'module'), 'give either path or module (a handle from files.open with purpose pkcs11-module)'),
    Pkcs11ModuleSchema,
    'Register a PKCS#11 module library after loading it and listing its slots (refused if it is not a PKCS#11 library); the window names it by the handle of a file chosen in the open-file dialog.',
  ),
  remove: method(z.object({ path: ModulePathSchema }).strict(), z.object({ path: z.string() }), 'Forget a registered PKCS#11 module.'),
  objects: method(
    z.object({ modulePath: ModulePathSchema, slotId: SlotIdSchema, pin: z.string().min(1).max(255).optional() }).strict(),
    Pkcs11ObjectsSchema,
    "A token's certificates, and with its PIN (used for this call only, never stored) its private keys.",
  ),
} as const;

// ── trust anchors ──────────────────────────────────────────────────────────

export const TrustAnchorSchema = z.object({
  sha256: Sha256HexSchema,
  subject: z.string(),
  issuer: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  /** Verification still uses an expired anchor for signatures made while it was valid; the page warns. */
  validity: z.enum(['valid', 'expired', 'not-yet-valid']),
  selfSigned: z.boolean(),
  source: z.enum(['organisation', 'imported']),
  /** The organisation whose root CA this is (source organisation). */
  org: z.object({ id: z.string(), legalName: z.string() }).nullable(),
  importedAt: z.string().nullable(),
});
export type TrustAnchor = z.infer<typeof TrustAnchorSchema>;

export const trustContract = {
  list: method(
    z.object({}).strict(),
    z.array(TrustAnchorSchema),
    "The certificates verification trusts: every organisation's root CA and the imported CA certificates.",
  ),
  importFile: method(
    z.object({ path: fsPath() }).strict(),
    TrustAnchorSchema,
    'Trust a CA certificate file (PEM or DER); refused if it is not a CA certificate.',
  ),
  importBytes: method(
    z.object({ name: z.string().min(1).max(255), base64: z.string().min(1).max(1_000_000) }).strict(),
    TrustAnchorSchema,
    'The same for a certificate the window read from a dropped or chosen file (base64).',
  ),
  remove: method(z.object({ sha256: Sha256HexSchema }).strict(), z.object({ sha256: Sha256HexSchema }), 'Stop trusting an imported CA certificate.'),
} as const;

// ── passphrase ─────────────────────────────────────────────────────────────

export const PassphraseChangeSchema = z.object({
  /** Whether the vault's master key (personal data, issuing CAs, seals) was re-sealed; false before the vault's first use. */
  vault: z.boolean(),
  rootKeys: z.number().int().nonnegative(),
  workspaceKeys: z.number().int().nonnegative(),
  /** Secrets that did not open with the old passphrase (they have their own) and were left as they were. */
  unchanged: z.array(z.object({ kind: z.enum(['root-key', 'workspace-key']), id: z.string(), label: z.string() })),
});
export type PassphraseChange = z.infer<typeof PassphraseChangeSchema>;

export const passphraseContract = {
  change: method(
    z
      .object({
        oldPassphrase: z.string().min(1, 'give the current passphrase'),
        newPassphrase: z.string().min(NEW_PASSPHRASE_MIN, `the new passphrase must be at least ${NEW_PASSPHRASE_MIN} characters long`),
      })
      .strict(),
    PassphraseChangeSchema,
    'Re-seal every secret protected by the workspace passphrase under a new one, all at once; a wrong old passphrase changes nothing.',
  ),
} as const;
