/** Turns an appearance request into a drawing, with the size it gets when placed by keyword. */
import type { AppearanceSpec } from '../../../../shared/contract/signing';
import type { DrawAppearance } from '../pdf-signing/appearance-bridge';
import { imageAppearance } from './image';
import { personAppearance } from './person';
import { sealAppearance } from './seal';

export interface AppearanceContext {
  signerName: string;
  time: Date;
  reason?: string;
  location?: string;
}

export function buildAppearance(spec: AppearanceSpec, ctx: AppearanceContext): DrawAppearance | undefined {
  switch (spec.kind) {
    case 'none':
      return undefined;
    case 'seal':
      return sealAppearance(spec);
    case 'person':
      return personAppearance({ name: spec.name ?? ctx.signerName, time: ctx.time, reason: ctx.reason, location: ctx.location });
    case 'image':
      return imageAppearance(spec.path);
  }
}

/** Default width and height in points: a round seal is 42 mm across, as official seals are. */
export function defaultSize(spec: AppearanceSpec): [number, number] {
  switch (spec.kind) {
    case 'seal':
      return spec.shape === 'ellipse' ? [128, 85] : [119, 119];
    case 'person':
      return [200, 70];
    default:
      return [119, 119];
  }
}
