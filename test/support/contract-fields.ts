/** The fields of contract input schemas, for tests that fill every one of them (the IPC fuzz). */
import { z } from 'zod';
import { FileHandleSchema } from '../../shared/contract/files';

/** Every leaf field of an input schema, as keys from the top (`*` for array elements). */
export function leafFields(schema: z.ZodType, at: string[] = [], out: string[][] = [], seen = new Set<z.ZodType>()): string[][] {
  if (schema === FileHandleSchema) return out; // a handle from a dialog or drop: the way a window names a file
  if (seen.has(schema)) return out;
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; element?: z.ZodType; options?: z.ZodType[]; in?: z.ZodType } } })._zod
    .def;
  if (schema instanceof z.ZodObject) for (const [k, v] of Object.entries(schema.shape)) leafFields(v as z.ZodType, [...at, k], out, seen);
  else if (def.type === 'array' && def.element) leafFields(def.element, [...at, '*'], out, seen);
  else if (def.type === 'union') for (const o of def.options ?? []) leafFields(o, at, out, seen);
  else if (def.type === 'pipe' && def.in) leafFields(def.in, at, out, seen);
  else if (def.innerType) leafFields(def.innerType, at, out, seen);
  else out.push(at);
  seen.delete(schema);
  return out;
}

/** An input with `value` at `at` (arrays of one element for `*`). */
export function inputAt(at: readonly string[], value: unknown): unknown {
  if (at.length === 0) return value;
  const [key, ...rest] = at;
  return key === '*' ? [inputAt(rest, value)] : { [key]: inputAt(rest, value) };
}
