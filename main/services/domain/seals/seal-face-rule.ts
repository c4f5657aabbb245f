/**
 * A seal is stamped as its record says, never as a caller retypes it (issue
 * 21): whenever a seal signs with a seal appearance, the organisation arc,
 * the text under the star, the USCC arc and the shape come from the seal
 * record, exactly as the seal preview draws them (`sealAppearanceFor`). Only
 * the appearance kind is the caller's choice.
 */
import type { AppearanceSpec } from '../../../../shared/contract/signing';
import { isAffixError } from '../../../../shared/errors/affix-error';
import { sealAppearanceFor, type SealFace } from './seal-appearance';

export function recordedSealFace(appearance: AppearanceSpec | undefined, seal: SealFace | null): AppearanceSpec | undefined {
  return seal && appearance?.kind === 'seal' ? sealAppearanceFor(seal) : appearance;
}

/** The seal's record, or null when there is no such seal (the caller's own checks then say so, in their words). */
export function sealFaceOrNull(get: (id: string) => SealFace, sealId: string): SealFace | null {
  try {
    return get(sealId);
  } catch (error) {
    if (isAffixError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}
