/**
 * What a received signing envelope claims, read before anything in it is
 * checked: the initiator, the parties with their root fingerprints (as safety
 * numbers to confirm out of band) and the steps. Nothing here is trusted or
 * kept; openEnvelope checks it all when the envelope is imported.
 */
import { AffixError } from '../errors/affix-error';
import { readAsic } from './asic-container';
import { ENVELOPE_MEMBERS as M, EnvelopeOrderSchema, EnvelopeStateSchema, safetyNumber } from './order';

export interface EnvelopePeek {
  envelopeId: string;
  documentName: string;
  sequence: number;
  status: 'open' | 'declined' | 'voided';
  reason: string | null;
  /** USCC of the party that exported it, and of the initiator. */
  from: string;
  initiator: string;
  parties: { name: string; uscc: string; rootSha256: string; safetyNumber: string; trusted: boolean }[];
  steps: { step: number; label: string; party: string }[];
}

export function peekEnvelope(zip: Uint8Array, what: string, trustedRoots: ReadonlySet<string>): EnvelopePeek {
  const refuse = (why: string): never => {
    throw new AffixError('BAD_INPUT', `${what}: ${why}. Nothing was imported.`);
  };
  const members = readAsic(zip, what);
  const json = (name: string): unknown => {
    const bytes = members.get(name) ?? refuse(`the member ${name} is missing`);
    try {
      return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      return refuse(`${name} is not JSON`);
    }
  };
  const order = EnvelopeOrderSchema.safeParse(json(M.order));
  if (!order.success) return refuse(`the signing order (${M.order}) is not valid`);
  const state = EnvelopeStateSchema.safeParse(json(M.state));
  if (!state.success) return refuse(`the envelope state (${M.state}) is not valid`);
  const o = order.data;
  return {
    envelopeId: o.envelopeId,
    documentName: o.documentName,
    sequence: state.data.sequence,
    status: state.data.status,
    reason: state.data.reason ?? null,
    from: state.data.from,
    initiator: o.initiator,
    parties: o.parties.map((p) => ({ ...p, safetyNumber: safetyNumber(p.rootSha256), trusted: trustedRoots.has(p.rootSha256) })),
    steps: o.steps.map((s) => ({ step: s.step, label: s.label, party: s.party })),
  };
}
