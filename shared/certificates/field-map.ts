/**
 * A certificate template's field map: where each CSV column is printed
 * (page, box in PDF points from the lower left, font size, alignment), the
 * checks its values must pass, the QR code's and the seal's boxes, and which
 * columns feed the signed QR payload.
 */
import { z } from 'zod';

const Box = z.tuple([z.number().finite(), z.number().finite(), z.number().finite().positive(), z.number().finite().positive()]);

export const FieldCheckSchema = z.enum(['none', 'uscc', 'resident-id', 'date']);
export type FieldCheck = z.infer<typeof FieldCheckSchema>;

export const FieldSpecSchema = z.object({
  page: z.number().int().min(1).default(1),
  box: Box,
  fontSize: z.number().positive().max(200).default(12),
  align: z.enum(['left', 'center', 'right']).default('left'),
  check: FieldCheckSchema.default('none'),
  /** In characters; longer values are refused (the row is reported). */
  maxLength: z.number().int().min(1).max(10000).default(200),
  required: z.boolean().default(true),
});
export type FieldSpec = z.infer<typeof FieldSpecSchema>;

const ColumnName = z.string().min(1).max(100);

export const FieldMapSchema = z.object({
  /** The certificate type carried in the QR payload (default: the template's name). */
  type: z.string().min(1).max(100).optional(),
  fields: z.record(ColumnName, FieldSpecSchema).default({}),
  qr: z.object({ page: z.number().int().min(1).default(1), box: Box }).optional(),
  seal: z.object({ page: z.number().int().min(1).default(1), box: Box }).optional(),
  payload: z
    .object({
      number: ColumnName.optional(),
      holder: ColumnName.default('holder'),
      holderId: ColumnName.optional(),
      validFrom: ColumnName.optional(),
      validUntil: ColumnName.optional(),
    })
    .default({ holder: 'holder' }),
});
export type FieldMap = z.infer<typeof FieldMapSchema>;

export function parseFieldMap(json: unknown): FieldMap {
  const parsed = FieldMapSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(`the field map is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
