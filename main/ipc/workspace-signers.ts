/**
 * What the workspace's own records say about each signer of a verified PDF:
 * the seal a signature was made with and who used it. The link is exact: a
 * seal signature's signed attributes are hashed into its seal.used ledger
 * entry (seals/seal-signing-key.ts), so the entry found by that digest names
 * this signature and no other. Nothing here changes a verdict; the verifier
 * alone decides those.
 */
import { createHash } from 'node:crypto';
import type { WorkspaceSigner } from '../../shared/contract/verification';
import { maskName } from '../../shared/identity/mask-name';
import { parseCms } from '../../shared/verify/cms';
import type { VerificationReport } from '../../shared/verify/report';
import { cmsFromContents } from '../../shared/verify/signature-dictionary';
import type { Services } from '../services/composition/container';
import type { SealView } from '../services/domain/seals/seal-service';

/** Width of the drawn seal image, in pixels (shown at about 96 px on the card). */
const SEAL_IMAGE_PX = 192;

const MIME = { png: 'image/png', jpeg: 'image/jpeg', svg: 'image/svg+xml' } as const;

export async function workspaceSigners(s: Services, pdf: Uint8Array, report: VerificationReport): Promise<(WorkspaceSigner | null)[]> {
  const out: (WorkspaceSigner | null)[] = [];
  for (const sig of report.signatures) out.push(sig.byteRange ? await describe(s, pdf, sig.byteRange) : null);
  return out;
}

async function describe(s: Services, pdf: Uint8Array, byteRange: [number, number, number, number]): Promise<WorkspaceSigner | null> {
  const digest = signedAttributesDigest(pdf, byteRange);
  if (!digest || !s.ledger.status()) return null;
  const use = s.ledger.findBySubject(digest).find((e) => e.entry.type === 'seal.used');
  const sealId = use?.entry.refs?.sealId;
  if (!use || !sealId) return null;
  let seal: SealView;
  try {
    seal = s.seals.get(sealId);
  } catch {
    return null;
  }
  return { seal: { name: seal.name, type: seal.type, image: await sealImage(s, seal) }, sealUser: sealUser(s, use.entry.refs?.personId) };
}

/** SHA-256 of the DER signed attributes of the CMS in the gap of `byteRange` (null when there are none). */
function signedAttributesDigest(pdf: Uint8Array, [, b, c]: [number, number, number, number]): string | null {
  if (c - b < 4 || c > pdf.length) return null;
  const hex = Buffer.from(pdf.subarray(b + 1, c - 1))
    .toString('latin1')
    .replace(/[^0-9a-fA-F]/g, '');
  const cms = cmsFromContents(Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex'));
  if (typeof cms === 'string') return null;
  try {
    const attrs = parseCms(cms).signedAttributes;
    return attrs ? createHash('sha256').update(attrs).digest('hex') : null;
  } catch {
    return null;
  }
}

/** The seal's own image when its record has one, else the drawing made from its record (as stamped). */
async function sealImage(s: Services, seal: SealView): Promise<NonNullable<WorkspaceSigner['seal']>['image']> {
  try {
    if (seal.appearance) return { mime: MIME[seal.appearance.format], base64: s.workspace.blobs.get(seal.appearance.sha256).toString('base64') };
    // Loaded here, not at the top: drawing pulls in pdf-lib and pdf.js, which the router's other methods (and the lean CLI) never need.
    const { sealPreview } = await import('../services/engines/appearance/seal-preview');
    const drawn = await sealPreview(seal, SEAL_IMAGE_PX);
    return { mime: 'image/png', base64: drawn.pngBase64 };
  } catch {
    return null;
  }
}

/** The seal's user by a masked name (张*三) while the vault is open, else by their assurance level only. */
function sealUser(s: Services, personId: string | undefined): WorkspaceSigner['sealUser'] {
  if (!personId) return null;
  let ial: string | null;
  try {
    ial = s.identity.get(personId).verification?.ial ?? null;
  } catch {
    return { maskedName: null, ial: null };
  }
  let maskedName: string | null = null;
  if (s.vault.unlocked) {
    try {
      const profile = JSON.parse(s.vault.get(personId, 'profile').toString('utf8')) as { name?: unknown };
      if (typeof profile.name === 'string') maskedName = maskName(profile.name);
    } catch {
      maskedName = null;
    }
  }
  return { maskedName, ial };
}
