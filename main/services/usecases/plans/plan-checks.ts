/**
 * What makes a signing order signable, checked when it is set rather than
 * discovered at step 3: each box on an existing page and inside what the page
 * shows, each signer known, and a certification that later steps can live with.
 */
import type { PageGeometry } from '../../../../shared/contract/documents';
import type { PlannedStep, StepSigner } from '../../../../shared/contract/plans';
import { badInput } from '../../../../shared/errors/affix-error';
import { PdfReader } from '../../../../shared/pdf/reader';
import { pageGeometry } from '../../domain/documents/page-geometry';
import { isSignatureField, readFormFields } from '../../../../shared/pdf/form-fields';
import { certificationLevel } from '../../engines/pdf-signing/document-certification';

/** Resolves a step's signer, throwing (NOT_FOUND, REFUSED, bad input) when it cannot sign. */
export type SignerCheck = (signer: StepSigner) => void;

/** The signature field a step signs: named after the step, so the signed PDF shows the order. */
export const stepField = (step: number): string => `Step${step}`;

/** "Step 2 (乙方)": how a message that concerns one step begins. */
export const stepName = (n: number, s: Pick<PlannedStep, 'label'>): string => `Step ${n} (${s.label})`;

/** Runs the signer check for step `n`, its error (whatever its code) naming the step. */
export function checkStepSigner(n: number, step: Pick<PlannedStep, 'signer' | 'label'>, checkSigner: SignerCheck): void {
  try {
    checkSigner(step.signer);
  } catch (error) {
    if (error instanceof Error) error.message = `${stepName(n, step)}: ${error.message}`;
    throw error;
  }
}

/** Points of slack for boxes drawn on a screen: sub-point rounding must not refuse a box on the page edge. */
const EDGE_TOLERANCE = 0.01;

export function checkBox(n: number, step: PlannedStep, pages: readonly PageGeometry[]): void {
  const { box } = step;
  if (step.appearance.kind === 'none') {
    if (box) throw badInput(`${stepName(n, step)}: an invisible signature has no box; remove the box or choose an appearance.`);
    return;
  }
  if (!box) throw badInput(`${stepName(n, step)}: a visible signature needs a box (page and rectangle).`);
  const page = pages[box.page - 1];
  if (!page) throw badInput(`${stepName(n, step)}: page ${box.page} does not exist; the document has ${pages.length} page${pages.length === 1 ? '' : 's'}.`);
  const [x, y, w, h] = box.rect;
  const [x0, y0, x1, y1] = page.cropBox;
  if (x < x0 - EDGE_TOLERANCE || y < y0 - EDGE_TOLERANCE || x + w > x1 + EDGE_TOLERANCE || y + h > y1 + EDGE_TOLERANCE) {
    throw badInput(
      `${stepName(n, step)}: the box [${[x, y, w, h].join(', ')}] does not lie within page ${box.page}'s visible area [${page.cropBox.join(', ')}] (x0, y0, x1, y1 in points).`,
    );
  }
}

/** Checks a whole order against the document version its first step will sign. */
export function checkPlan(steps: readonly PlannedStep[], certify: 1 | 2 | 3 | undefined, pdf: Uint8Array, what: string, checkSigner: SignerCheck): void {
  const reader = PdfReader.open(pdf, what);
  if (reader.isEncrypted) throw badInput(`${what} is encrypted; Affix does not sign encrypted PDFs, so it cannot have a signing order.`);
  const pages = pageGeometry(pdf, what);
  const fields = readFormFields(reader);
  const level = certificationLevel(reader);
  if (level === 1) throw badInput(`${what} is certified with "no changes allowed" (DocMDP P=1); no further signature can be added.`);
  if (certify !== undefined) {
    const signed = fields.filter((f) => isSignatureField(f) && f.hasValue).length;
    if (signed > 0 || level !== undefined) {
      throw badInput(`Step 1 cannot certify: a certification signature must be the document's first signature, and ${what} already has ${signed || 1}.`);
    }
    if (certify === 1 && steps.length > 1) {
      throw badInput(`Certification level 1 allows no later changes, so steps 2–${steps.length} could not sign; use level 2 or 3, or a single step.`);
    }
  }
  steps.forEach((step, i) => {
    const n = i + 1;
    checkBox(n, step, pages);
    const taken = fields.find((f) => f.fullName === stepField(n));
    if (taken) throw badInput(`${stepName(n, step)}: ${what} already has a form field named ${stepField(n)}, which this step's signature would use.`);
    checkStepSigner(n, step, checkSigner);
  });
}
