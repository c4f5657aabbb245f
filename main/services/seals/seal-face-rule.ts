/**
 * A seal is stamped as its record says, never as a caller retypes it (issue
 * 21): whenever a seal signs with a seal appearance, the organisation arc,
 * the text under the star, the USCC arc and the shape come from the seal
 * record, exactly as the seal preview draws them (`sealAppearanceFor`). Only
 * the appearance kind is the caller's choice.
 */
import type { AppearanceSpec } from '../../../shared/contract/signing';
import { sealAppearanceFor, type SealFace } from './seal-appearance';

export function recordedSealFace(appearance: AppearanceSpec | undefined, seal: SealFace | null): AppearanceSpec | undefined {
  return seal && appearance?.kind === 'seal' ? sealAppearanceFor(seal) : appearance;
}
