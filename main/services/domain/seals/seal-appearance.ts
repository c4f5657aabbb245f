/**
 * What a seal looks like on the page, derived from its record: the one place
 * that knows how a seal's legal name, name, USCC and type become the drawn
 * seal. Used by `seals.sign` / `affix seal sign` and by `affix sign --key
 * seal-…` when the caller leaves the appearance (or parts of it) unspecified.
 */
import type { AppearanceSpec } from '../../../../shared/contract/signing';
import type { SealType } from './seal-types';

export type SealAppearanceSpec = Extract<AppearanceSpec, { kind: 'seal' }>;

/** The seal record fields the drawing depends on (a SealView or the contract's Seal). */
export interface SealFace {
  legalName: string;
  name: string;
  uscc: string;
  type: SealType;
}

/** At most this many characters fit under the star (AppearanceSpecSchema's limit). */
const SEAL_TEXT_MAX = 20;

/** The usual line under the star per seal type, when the seal's own name is too long to fit. */
const TYPE_TEXT: Partial<Record<SealType, string>> = {
  contract: '合同专用章',
  finance: '财务专用章',
  'legal-representative': '法定代表人名章',
  personnel: '人事专用章',
  invoice: '发票专用章',
  customs: '报关专用章',
};

/**
 * The seal as drawn: the organisation's legal name on the upper arc, the
 * seal's name (without the organisation prefix, which the arc already
 * carries) under the star, the USCC on the lower arc; finance seals are
 * elliptical, as they are in practice. Explicit overrides win.
 */
export function sealAppearanceFor(seal: SealFace, overrides: Partial<Omit<SealAppearanceSpec, 'kind'>> = {}): SealAppearanceSpec {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return {
    kind: 'seal',
    orgName: seal.legalName,
    sealText: sealText(seal),
    code: seal.uscc,
    shape: seal.type === 'finance' ? 'ellipse' : 'circle',
    ...defined,
  };
}

function sealText(seal: SealFace): string | undefined {
  const name = seal.name.trim();
  const own = name.startsWith(seal.legalName) ? name.slice(seal.legalName.length).trim() : name;
  if (own.length > 0 && [...own].length <= SEAL_TEXT_MAX) return own;
  return TYPE_TEXT[seal.type];
}
