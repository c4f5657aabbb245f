/**
 * The PKCS#11 module libraries registered in this workspace, and what their
 * tokens hold. A library is registered only after it loaded and listed its
 * slots; listing reloads it each time, so a token plugged in since shows up.
 * Certificates are public objects; private keys are listed only after a
 * C_Login with a PIN the caller gives for that one call (never stored).
 * Module loading and login are the signer's own (keys/pkcs11-signer.ts).
 */
import { X509Certificate, createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type * as pkcs11js from 'pkcs11js';
import type { Pkcs11Module, Pkcs11Objects, Pkcs11Token } from '../../../../shared/contract/settings';
import { AffixError, badInput, isAffixError } from '../../../../shared/errors/affix-error';
import { explained } from '../../../../shared/errors/explained';
import { acquire, findObjects, login, release, trimLabel } from '../keys/pkcs11-signer';
import { pkcs11 } from '../keys/pkcs11js';
import type { Db } from '../../core/store/database';

/** More objects than any real token holds; C_FindObjects returns at most this many per listing. */
const MAX_OBJECTS = 1024;

/** The key types a listing names; a function so that importing this module does not load the addon. */
const keyTypeName = (type: number): string | undefined => ({ [pkcs11().CKK_RSA]: 'RSA', [pkcs11().CKK_EC]: 'EC', [pkcs11().CKK_DSA]: 'DSA' })[type];

const version = (v: pkcs11js.Version): string => `${v.major}.${v.minor}`;
const hex = (b: unknown): string => (Buffer.isBuffer(b) ? b.toString('hex') : '');

/** Loads the module, runs `use`, and always releases it. */
function withModule<T>(path: string, use: (lib: pkcs11js.PKCS11) => T): T {
  let lib: pkcs11js.PKCS11;
  try {
    lib = acquire(path);
  } catch (error) {
    throw notALibrary(path, error);
  }
  try {
    return use(lib);
  } finally {
    release(path);
  }
}

/** dlopen's words for "this is not a PKCS#11 library" turned into a sentence naming the file. */
function notALibrary(path: string, error: unknown): AffixError {
  const why = error instanceof Error ? error.message : String(error);
  if (/C_GetFunctionList/.test(why)) return badInput(`${path} is a shared library but not a PKCS#11 module (it has no C_GetFunctionList).`, error);
  if (/invalid ELF header|not a valid Win32|file too short|not a mach-o/i.test(why))
    return badInput(`${path} is not a PKCS#11 module library (not a shared library at all).`, error);
  return isAffixError(error) ? error : badInput(`Cannot load PKCS#11 module ${path}: ${why}`, error);
}

function tokenOf(lib: pkcs11js.PKCS11, slot: Buffer): Pkcs11Token {
  const info = lib.C_GetTokenInfo(slot);
  return {
    slotId: slot.toString('hex'),
    slotDescription: trimLabel(lib.C_GetSlotInfo(slot).slotDescription),
    label: trimLabel(info.label),
    manufacturer: trimLabel(info.manufacturerID),
    model: trimLabel(info.model),
    serial: trimLabel(info.serialNumber),
    initialized: (info.flags & pkcs11().CKF_TOKEN_INITIALIZED) !== 0,
    loginRequired: (info.flags & pkcs11().CKF_LOGIN_REQUIRED) !== 0,
    userPinInitialized: (info.flags & pkcs11().CKF_USER_PIN_INITIALIZED) !== 0,
  };
}

function describe(lib: pkcs11js.PKCS11): Pick<Pkcs11Module, 'library' | 'tokens'> {
  const info = lib.C_GetInfo();
  return {
    library: {
      description: trimLabel(info.libraryDescription),
      manufacturer: trimLabel(info.manufacturerID),
      cryptokiVersion: version(info.cryptokiVersion),
      libraryVersion: version(info.libraryVersion),
    },
    tokens: lib.C_GetSlotList(true).map((slot) => tokenOf(lib, slot)),
  };
}

export class Pkcs11Registry {
  constructor(private readonly db: Db) {}

  private rows(): { path: string; added_at: string }[] {
    return this.db.prepare<[], { path: string; added_at: string }>('SELECT path, added_at FROM pkcs11_modules ORDER BY added_at, path').all();
  }

  /** Every registered module, loaded now; one that fails says why instead of hiding the others. */
  list(): Pkcs11Module[] {
    return this.rows().map(({ path, added_at }) => {
      try {
        return { path, addedAt: added_at, ...withModule(path, describe), error: null };
      } catch (error) {
        return { path, addedAt: added_at, library: null, tokens: [], error: error instanceof Error ? error.message : String(error) };
      }
    });
  }

  paths(): string[] {
    return this.rows().map((r) => r.path);
  }

  add(input: string): Pkcs11Module {
    if (!isAbsolute(input)) throw badInput(`A PKCS#11 module must be given by its absolute path (got "${input}").`);
    const path = resolve(input);
    if (!existsSync(path)) throw explained('BAD_INPUT', 'errors.file.notFound', { path });
    if (!statSync(path).isFile()) throw badInput(`${path} is not a file.`);
    if (this.paths().includes(path)) throw new AffixError('CONFLICT', `The PKCS#11 module ${path} is already registered.`);
    const found = withModule(path, (lib) => {
      try {
        return describe(lib);
      } catch (error) {
        throw badInput(`PKCS#11 module ${path} loaded but could not list its slots: ${(error as Error).message}`, error);
      }
    });
    const addedAt = new Date().toISOString();
    this.db.prepare('INSERT INTO pkcs11_modules (path, added_at) VALUES (?, ?)').run(path, addedAt);
    return { path, addedAt, ...found, error: null };
  }

  remove(path: string): { path: string } {
    const removed = this.db.prepare('DELETE FROM pkcs11_modules WHERE path = ?').run(path).changes;
    if (removed === 0) throw new AffixError('NOT_FOUND', `No PKCS#11 module ${path} is registered.`);
    return { path };
  }

  /** The certificates on a token, and its private keys when `pin` is given. */
  objects(modulePath: string, slotId: string, pin?: string): Pkcs11Objects {
    if (!this.paths().includes(modulePath)) throw new AffixError('NOT_FOUND', `No PKCS#11 module ${modulePath} is registered; add it first.`);
    return withModule(modulePath, (lib) => {
      const slot = lib.C_GetSlotList(true).find((s) => s.toString('hex') === slotId);
      if (!slot) throw new AffixError('NOT_FOUND', `No token in slot ${slotId} of ${modulePath} (removed since it was listed?).`);
      const token = tokenOf(lib, slot);
      const session = lib.C_OpenSession(slot, pkcs11().CKF_SERIAL_SESSION);
      try {
        if (pin !== undefined) login(lib, session, pin, token.label);
        return {
          token,
          loggedIn: pin !== undefined,
          certificates: certificates(lib, session),
          privateKeys: pin === undefined ? null : privateKeys(lib, session),
        };
      } catch (error) {
        if (isAffixError(error)) throw error;
        throw badInput(`PKCS#11 token "${token.label}": ${(error as Error).message}`, error);
      } finally {
        try {
          if (pin !== undefined) lib.C_Logout(session);
        } catch {
          // not logged in (the PIN was refused): nothing to undo
        }
        lib.C_CloseSession(session);
      }
    });
  }
}

function certificates(lib: pkcs11js.PKCS11, session: Buffer): Pkcs11Objects['certificates'] {
  return findObjects(lib, session, [{ type: pkcs11().CKA_CLASS, value: pkcs11().CKO_CERTIFICATE }], MAX_OBJECTS).flatMap((handle) => {
    const [label, id, value] = lib.C_GetAttributeValue(session, handle, [
      { type: pkcs11().CKA_LABEL },
      { type: pkcs11().CKA_ID },
      { type: pkcs11().CKA_VALUE },
    ]);
    const der = value.value as Buffer;
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(der);
    } catch {
      return []; // a non-X.509 certificate object (attribute or WTLS certificate): nothing a signature can use
    }
    return [
      {
        label: Buffer.isBuffer(label.value) ? label.value.toString('utf8') : '',
        id: hex(id.value),
        subject: cert.subject.replace(/\n/g, ', '),
        issuer: cert.issuer.replace(/\n/g, ', '),
        notBefore: new Date(cert.validFrom).toISOString(),
        notAfter: new Date(cert.validTo).toISOString(),
        sha256: createHash('sha256').update(der).digest('hex'),
      },
    ];
  });
}

function privateKeys(lib: pkcs11js.PKCS11, session: Buffer): NonNullable<Pkcs11Objects['privateKeys']> {
  return findObjects(lib, session, [{ type: pkcs11().CKA_CLASS, value: pkcs11().CKO_PRIVATE_KEY }], MAX_OBJECTS).map((handle) => {
    const [label, id, type] = lib.C_GetAttributeValue(session, handle, [
      { type: pkcs11().CKA_LABEL },
      { type: pkcs11().CKA_ID },
      { type: pkcs11().CKA_KEY_TYPE },
    ]);
    const keyType = Buffer.isBuffer(type.value) ? type.value.readUIntLE(0, Math.min(type.value.length, 6)) : -1;
    return {
      label: Buffer.isBuffer(label.value) ? label.value.toString('utf8') : '',
      id: hex(id.value),
      keyType: keyTypeName(keyType) ?? `0x${keyType.toString(16)}`,
    };
  });
}
