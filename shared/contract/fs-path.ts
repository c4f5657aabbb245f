/**
 * Filesystem paths in the contract (issue 16). A field that names a file or
 * folder is declared with `fsPath()`; a field that names a registered PKCS#11
 * module with `registeredModulePath()`. The router reads these marks to apply
 * one rule for every method: the CLI may name files, the window may not (it
 * hands over files through dialogs and drops as opaque handles), and the
 * window may name a PKCS#11 module only among those already registered.
 */
import { z } from 'zod';

export type PathKind = 'file' | 'registered-module';

/** The schemas that carry a path, and what kind. */
const pathSchemas = z.registry<{ pathKind: PathKind }>();

/** A path to a file or folder, named by the caller. */
export const fsPath = (max = 4096) => z.string().min(1).max(max).register(pathSchemas, { pathKind: 'file' });

/** The path of a PKCS#11 module, which from the window must be one pkcs11.list returned. */
export const registeredModulePath = () => z.string().min(1).max(4096).register(pathSchemas, { pathKind: 'registered-module' });

/** Exactly one of two ways to name a file: a path (the CLI) or a handle from a dialog (the window). */
export const oneOf =
  (a: string, b: string) =>
  (v: Record<string, unknown>): boolean =>
    (v[a] !== undefined) !== (v[b] !== undefined);

/** Where in an input a path field sits: keys from the top, `*` for every element of an array. */
export interface PathField {
  at: readonly string[];
  kind: PathKind;
}

type Def = {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  getter?: () => z.ZodType;
};

/** Every path field a schema declares, through optional/nullable/default wrappers, arrays, unions and pipes. */
export function pathFieldsOf(schema: z.ZodType): PathField[] {
  const found: PathField[] = [];
  const seen = new Set<z.ZodType>();
  const walk = (s: z.ZodType, at: string[]): void => {
    const mark = pathSchemas.get(s);
    if (mark) return void found.push({ at, kind: mark.pathKind });
    if (seen.has(s)) return;
    seen.add(s);
    const def = (s as unknown as { _zod: { def: Def } })._zod.def;
    if (s instanceof z.ZodObject) for (const [key, value] of Object.entries(s.shape)) walk(value as z.ZodType, [...at, key]);
    else if (def.type === 'array' && def.element) walk(def.element, [...at, '*']);
    else if (def.type === 'union') for (const option of def.options ?? []) walk(option, at);
    else if (def.type === 'intersection') [def.left, def.right].forEach((side) => side && walk(side, at));
    else if (def.type === 'pipe' && def.in) walk(def.in, at);
    else if (def.type === 'lazy' && def.getter) walk(def.getter(), at);
    else if (def.innerType) walk(def.innerType, at);
    seen.delete(s);
  };
  walk(schema, []);
  return found;
}

/** The paths an input actually names at the given fields (strings there), with the field's dotted name. */
export function namedPaths(input: unknown, fields: readonly PathField[]): { field: string; value: string; kind: PathKind }[] {
  const named: { field: string; value: string; kind: PathKind }[] = [];
  const walk = (value: unknown, rest: readonly string[], field: string[], kind: PathKind): void => {
    const [key, ...more] = rest;
    if (key === undefined) {
      // Only a string names a file; anything else is left to the schema to refuse as bad input.
      if (typeof value === 'string') named.push({ field: field.join('.') || '(input)', value, kind });
      return;
    }
    if (key === '*') {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, more, [...field, String(i)], kind));
    } else if (typeof value === 'object' && value !== null && Object.hasOwn(value, key)) {
      walk((value as Record<string, unknown>)[key], more, [...field, key], kind);
    }
  };
  for (const f of fields) walk(input, f.at, [], f.kind);
  return named;
}
