/**
 * Witness policies in the C2SP tlog-policy text format (c2sp.org/tlog-policy):
 *
 *   log <vkey> [url]
 *   witness <name> <vkey> [url]
 *   group <name> all|any|<k> <member>...
 *   quorum <name>|none
 *
 * A checkpoint satisfies the policy when it is cosigned by witnesses such that
 * the quorum (a witness or a k-of-n group, groups may nest) is met. This is how
 * consortium witnessing plugs in: other organisations' witnesses cosign the
 * node's checkpoints and verifiers require k of them.
 */
import { badInput } from '../errors/affix-error';
import { bytesEqual } from './bytes';
import { verifyCosignature } from './cosignature';
import { formatVerifierKey as formatKey, parseVerifierKey, SIG_COSIGNATURE_V1, SIG_ED25519, type Note, type VerifierKey } from './note';

export interface WitnessPolicy {
  logs: VerifierKey[];
  witnesses: Map<string, VerifierKey>;
  groups: Map<string, { threshold: number; members: string[] }>;
  /** The name of a witness or group, or 'none'. */
  quorum: string;
}

const MAX_ENTRIES = 256;

/** A policy needing k of the given witnesses (the common consortium case) without writing the text. */
export function thresholdPolicy(witnesses: readonly VerifierKey[], k: number, logs: readonly VerifierKey[] = []): WitnessPolicy {
  const lines = [
    ...logs.map((l) => `log ${formatKey(l)}`),
    ...witnesses.map((w, i) => `witness w${i} ${formatKey(w)}`),
    ...(k === 0 ? ['quorum none'] : [`group quorum-group ${k} ${witnesses.map((_, i) => `w${i}`).join(' ')}`, 'quorum quorum-group']),
  ];
  return parseWitnessPolicy(lines.join('\n') + '\n');
}

export function parseWitnessPolicy(text: string): WitnessPolicy {
  const logs: VerifierKey[] = [];
  const witnesses = new Map<string, VerifierKey>();
  const groups = new Map<string, { threshold: number; members: string[] }>();
  let quorum: string | null = null;
  const lines = text.split('\n');
  if (lines.length > MAX_ENTRIES * 4) throw badInput('Witness policy is too long.');
  const allKeys: VerifierKey[] = [];
  const addKey = (k: VerifierKey, where: string): void => {
    if (allKeys.some((o) => bytesEqual(o.publicKey, k.publicKey) && o.type === k.type)) {
      throw badInput(`Witness policy ${where}: the same key is listed twice.`);
    }
    allKeys.push(k);
  };
  lines.forEach((raw, i) => {
    const where = `line ${i + 1}`;
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(raw.replace(/\r$/, ''))) throw badInput(`Witness policy ${where}: control characters.`);
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [keyword, ...args] = line.split(/[ \t]+/);
    const defined = (name: string): boolean => witnesses.has(name) || groups.has(name);
    switch (keyword) {
      case 'log': {
        const [vkey] = args;
        if (vkey === undefined || args.length > 2) throw badInput(`Witness policy ${where}: expected "log <vkey> [url]".`);
        const k = parseVerifierKey(vkey);
        if (k.type !== SIG_ED25519) throw badInput(`Witness policy ${where}: a log key must be an Ed25519 (0x01) key.`);
        addKey(k, where);
        logs.push(k);
        return;
      }
      case 'witness': {
        const [name, vkey] = args;
        if (name === undefined || vkey === undefined || args.length > 3) {
          throw badInput(`Witness policy ${where}: expected "witness <name> <vkey> [url]".`);
        }
        if (name === 'none' || defined(name)) throw badInput(`Witness policy ${where}: the name "${name}" is reserved or already used.`);
        const k = parseVerifierKey(vkey);
        addKey(k, where);
        witnesses.set(name, k);
        return;
      }
      case 'group': {
        const [name, t, ...members] = args;
        if (name === undefined || t === undefined || members.length === 0) {
          throw badInput(`Witness policy ${where}: expected "group <name> all|any|<k> <member>...".`);
        }
        if (name === 'none' || defined(name)) throw badInput(`Witness policy ${where}: the name "${name}" is reserved or already used.`);
        if (new Set(members).size !== members.length) throw badInput(`Witness policy ${where}: a member is listed twice.`);
        for (const m of members) if (!defined(m)) throw badInput(`Witness policy ${where}: "${m}" is not defined on an earlier line.`);
        const threshold = t === 'all' ? members.length : t === 'any' ? 1 : /^[1-9][0-9]*$/.test(t) ? Number(t) : NaN;
        if (!(threshold >= 1 && threshold <= members.length)) {
          throw badInput(`Witness policy ${where}: threshold "${t}" must be all, any or 1..${members.length}.`);
        }
        groups.set(name, { threshold, members });
        return;
      }
      case 'quorum': {
        const [name] = args;
        if (name === undefined || args.length !== 1) throw badInput(`Witness policy ${where}: expected "quorum <name>".`);
        if (quorum !== null) throw badInput(`Witness policy ${where}: a second quorum line.`);
        if (name !== 'none' && !defined(name)) throw badInput(`Witness policy ${where}: "${name}" is not defined on an earlier line.`);
        quorum = name;
        return;
      }
      default:
        throw badInput(`Witness policy ${where}: unknown keyword "${keyword}".`);
    }
  });
  if (witnesses.size + groups.size + logs.length > MAX_ENTRIES) throw badInput('Witness policy has too many entries.');
  if (quorum === null) throw badInput('Witness policy has no quorum line.');
  return { logs, witnesses, groups, quorum };
}

export interface WitnessVerdict {
  satisfied: boolean;
  /** Policy witness names with a valid cosignature, and its timestamp. */
  cosigned: { name: string; keyName: string; timestamp: number }[];
  /** Policy witnesses whose signature line was present but did not verify. */
  invalid: string[];
  /** Policy witnesses whose key type this verifier cannot check (e.g. ML-DSA); they never count. */
  unsupported: string[];
}

/** Checks the cosignatures on a checkpoint note against the policy's quorum. */
export async function checkWitnesses(note: Note, policy: WitnessPolicy): Promise<WitnessVerdict> {
  const cosigned: WitnessVerdict['cosigned'] = [];
  const invalid: string[] = [];
  const unsupported: string[] = [];
  for (const [name, key] of policy.witnesses) {
    const lines = note.signatures.filter((s) => s.name === key.name && bytesEqual(s.keyId, key.keyId));
    if (lines.length === 0) continue;
    if (key.type !== SIG_COSIGNATURE_V1) {
      unsupported.push(name);
      continue;
    }
    let ok: number | null = null;
    for (const s of lines) {
      ok = await verifyCosignature(note.text, s, key);
      if (ok === null) break;
    }
    if (ok === null) invalid.push(name);
    else cosigned.push({ name, keyName: key.name, timestamp: ok });
  }
  const have = new Set(cosigned.map((c) => c.name));
  const met = (name: string): boolean => {
    if (name === 'none') return true;
    if (policy.witnesses.has(name)) return have.has(name);
    const g = policy.groups.get(name)!;
    return g.members.filter(met).length >= g.threshold;
  };
  return { satisfied: met(policy.quorum), cosigned, invalid, unsupported };
}
