/**
 * One call for "is this proof good?" from texts a user has at hand: the proof
 * file, the log's verifier key line and optionally a witness policy. Used by
 * the app, the CLI and standalone verifiers alike. Malformed texts throw
 * BAD_INPUT naming the problem; a well-formed proof that does not hold is a
 * failed verdict with its reason.
 */
import { toHex } from './bytes';
import { parseVerifierKey } from './note';
import { verifyTlogProof } from './tlog-proof';
import { parseWitnessPolicy } from './witness-policy';

export type ProofSummary =
  | {
      ok: true;
      index: number;
      treeSize: number;
      origin: string;
      rootHash: string;
      leafHash: string;
      entryType: string | null;
      subjects: string[];
      /** Names of the policy witnesses whose cosignatures verified. */
      witnesses: string[];
    }
  | { ok: false; reason: string };

export async function checkProofText(proof: string, verifierKeyText: string, policyText?: string): Promise<ProofSummary> {
  const logKey = parseVerifierKey(verifierKeyText);
  const policy = policyText === undefined ? undefined : parseWitnessPolicy(policyText);
  const v = await verifyTlogProof(proof, { logKey, policy });
  if (!v.ok) return v;
  return {
    ok: true,
    index: v.index,
    treeSize: v.checkpoint.size,
    origin: v.checkpoint.origin,
    rootHash: toHex(v.checkpoint.rootHash),
    leafHash: v.leafHash,
    entryType: v.entry?.type ?? null,
    subjects: v.entry?.subjects ?? [],
    witnesses: v.witnesses?.cosigned.map((c) => c.name) ?? [],
  };
}
