/**
 * CBOR (RFC 8949) through cborg, loaded on first use: cborg is published as
 * an ES module only, which a dynamic import reaches from the CommonJS builds
 * (the CLI, tests) and the browser bundles alike.
 */
import type { DecodeOptions } from 'cborg';

type Cborg = typeof import('cborg');
let loaded: Promise<Cborg> | null = null;

export const cborg = (): Promise<Cborg> => (loaded ??= import('cborg'));

/** Strict decoding for untrusted input: integer-keyed maps kept as Map, duplicate keys, indefinite lengths and undefined refused. */
export const STRICT: DecodeOptions = {
  useMaps: true,
  rejectDuplicateMapKeys: true,
  allowIndefinite: false,
  allowUndefined: false,
  allowInfinity: false,
  allowNaN: false,
  allowBigInt: false,
  strict: true,
};

export async function cborEncode(value: unknown): Promise<Uint8Array> {
  return (await cborg()).encode(value);
}

/** Decodes exactly one CBOR item (trailing bytes refused); `tags` maps tag numbers to pass-through. */
export async function cborDecode(bytes: Uint8Array, passTags: number[] = []): Promise<unknown> {
  const tags: NonNullable<DecodeOptions['tags']> = {};
  for (const t of passTags) tags[t] = (decode) => ({ tag: t, value: decode() });
  return (await cborg()).decode(bytes, { ...STRICT, tags });
}
