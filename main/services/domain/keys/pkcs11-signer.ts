/**
 * A signer whose private key stays on a PKCS#11 token (smart card, HSM,
 * SoftHSM2 in tests). The token signs; Affix only sees the certificate and
 * the signature. Key found by its label, certificate by the key's CKA_ID.
 */
import { X509Certificate, createHash } from 'node:crypto';
import type * as pkcs11js from 'pkcs11js';
import { AffixError, badInput, secretNeeded } from '../../../../shared/errors/affix-error';
import { algorithmOfKey, certificateFingerprint } from './node-key-signer';
import type { Signer } from './signer';
import { pkcs11 } from './pkcs11js';

export interface Pkcs11Request {
  modulePath: string;
  tokenLabel: string;
  pin: string;
  keyLabel: string;
}

/** One loaded module per library path: a module is initialised once per process, however many signers (and token listings) use it. */
const modules = new Map<string, { lib: pkcs11js.PKCS11; users: number }>();

/** Loads and initialises a module (or shares the loaded one); pair every call with release(). */
export function acquire(modulePath: string): pkcs11js.PKCS11 {
  const loaded = modules.get(modulePath);
  if (loaded) {
    loaded.users++;
    return loaded.lib;
  }
  const lib = new (pkcs11().PKCS11)();
  try {
    lib.load(modulePath);
  } catch (error) {
    throw badInput(`Cannot load PKCS#11 module ${modulePath}: ${(error as Error).message}`, error);
  }
  try {
    lib.C_Initialize();
  } catch (error) {
    if ((error as { code?: number }).code !== pkcs11().CKR_CRYPTOKI_ALREADY_INITIALIZED) {
      throw badInput(`PKCS#11 module ${modulePath} failed to initialise: ${(error as Error).message}`, error);
    }
  }
  modules.set(modulePath, { lib, users: 1 });
  return lib;
}

export function release(modulePath: string): void {
  const loaded = modules.get(modulePath);
  if (!loaded || --loaded.users > 0) return;
  modules.delete(modulePath);
  try {
    loaded.lib.C_Finalize();
    loaded.lib.close();
  } catch {
    // Finalising a module that is already gone is not worth failing a signature over.
  }
}

/** PKCS#11 pads its fixed-width strings with blanks (some modules with NULs). */
export const trimLabel = (s: string): string => s.replace(/[\s\0]+$/, '');

export function findObjects(lib: pkcs11js.PKCS11, session: Buffer, template: pkcs11js.Template, max = 16): Buffer[] {
  lib.C_FindObjectsInit(session, template);
  try {
    return lib.C_FindObjects(session, max);
  } finally {
    lib.C_FindObjectsFinal(session);
  }
}

/** PKCS#11 returns ECDSA signatures as r‖s; CMS wants DER Ecdsa-Sig-Value. */
export function rawEcdsaToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const int = (b: Uint8Array): Buffer => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = b.subarray(i);
    const body = v[0] & 0x80 ? Buffer.concat([Buffer.of(0), v]) : Buffer.from(v);
    return Buffer.concat([Buffer.of(0x02, body.length), body]);
  };
  const body = Buffer.concat([int(raw.subarray(0, half)), int(raw.subarray(half))]);
  return body.length < 0x80 ? Buffer.concat([Buffer.of(0x30, body.length), body]) : Buffer.concat([Buffer.of(0x30, 0x81, body.length), body]);
}

/** Logs the user in; a wrong or locked PIN is BAD_SECRET naming the token. */
export function login(lib: pkcs11js.PKCS11, session: Buffer, pin: string, tokenLabel: string): void {
  try {
    lib.C_Login(session, pkcs11().CKU_USER, pin);
  } catch (error) {
    const code = (error as { code?: number }).code;
    if (code === pkcs11().CKR_PIN_INCORRECT || code === pkcs11().CKR_PIN_LEN_RANGE) {
      throw secretNeeded({ secret: 'token-pin', tokenLabel }, `Wrong PIN for PKCS#11 token "${tokenLabel}".`);
    }
    if (code === pkcs11().CKR_PIN_LOCKED) throw new AffixError('BAD_SECRET', `The PIN of PKCS#11 token "${tokenLabel}" is locked.`);
    throw error;
  }
}

export function pkcs11Signer(req: Pkcs11Request): Signer {
  const lib = acquire(req.modulePath);
  let session: Buffer | undefined;
  const close = (): void => {
    if (session) {
      try {
        lib.C_Logout(session);
        lib.C_CloseSession(session);
      } catch {
        // the session may already be gone with the token
      }
      session = undefined;
    }
    release(req.modulePath);
  };
  try {
    const slot = lib.C_GetSlotList(true).find((s) => trimLabel(lib.C_GetTokenInfo(s).label) === req.tokenLabel);
    if (!slot) throw badInput(`No PKCS#11 token labelled "${req.tokenLabel}" in ${req.modulePath}.`);
    session = lib.C_OpenSession(slot, pkcs11().CKF_SERIAL_SESSION);
    login(lib, session, req.pin, req.tokenLabel);
    const keys = findObjects(lib, session, [
      { type: pkcs11().CKA_CLASS, value: pkcs11().CKO_PRIVATE_KEY },
      { type: pkcs11().CKA_LABEL, value: req.keyLabel },
    ]);
    if (keys.length !== 1) {
      throw badInput(`PKCS#11 token "${req.tokenLabel}" has ${keys.length} private keys labelled "${req.keyLabel}"; expected one.`);
    }
    const keyHandle = keys[0];
    const [idAttr] = lib.C_GetAttributeValue(session, keyHandle, [{ type: pkcs11().CKA_ID }]);
    const certTemplate: pkcs11js.Template = [{ type: pkcs11().CKA_CLASS, value: pkcs11().CKO_CERTIFICATE }];
    certTemplate.push(
      idAttr.value && (idAttr.value as Buffer).length > 0 ? { type: pkcs11().CKA_ID, value: idAttr.value } : { type: pkcs11().CKA_LABEL, value: req.keyLabel },
    );
    const certs = findObjects(lib, session, certTemplate);
    if (certs.length === 0) throw badInput(`PKCS#11 token "${req.tokenLabel}" has no certificate for key "${req.keyLabel}".`);
    const [value] = lib.C_GetAttributeValue(session, certs[0], [{ type: pkcs11().CKA_VALUE }]);
    const certDer = new Uint8Array(value.value as Buffer);
    const algorithm = algorithmOfKey(new X509Certificate(certDer).publicKey);
    const live = session;
    return {
      algorithm,
      certificates: [certDer],
      keyId: certificateFingerprint(certDer),
      sign: async (data) => {
        switch (algorithm) {
          case 'ecdsa-p256-sha256':
          case 'ecdsa-p384-sha384': {
            const digest = createHash(algorithm === 'ecdsa-p256-sha256' ? 'sha256' : 'sha384')
              .update(data)
              .digest();
            lib.C_SignInit(live, { mechanism: pkcs11().CKM_ECDSA }, keyHandle);
            return rawEcdsaToDer(lib.C_Sign(live, digest, Buffer.alloc(132)));
          }
          case 'rsa-pkcs1-sha256':
            lib.C_SignInit(live, { mechanism: pkcs11().CKM_SHA256_RSA_PKCS }, keyHandle);
            return new Uint8Array(lib.C_Sign(live, Buffer.from(data), Buffer.alloc(1024)));
          default:
            throw badInput(`PKCS#11 signing with ${algorithm} keys is not supported.`);
        }
      },
      close,
    };
  } catch (error) {
    close();
    if (error instanceof AffixError) throw error;
    throw badInput(`PKCS#11 token "${req.tokenLabel}": ${(error as Error).message}`, error);
  }
}
