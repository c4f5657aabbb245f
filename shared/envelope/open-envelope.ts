/**
 * Opens a signing envelope and checks everything in it before anything is
 * imported: the ASiC-E container (asic-container.ts), every member listed
 * and every listed member present, the signing order signed (CAdES detached
 * over its ASiCManifest) by the initiator's organisation, chained to the
 * root CA the order names for it, and the envelope state signed by the party
 * that exported it last, chained to that party's root. Each party's root must
 * be one the importer already trusts or has confirmed out of band (its
 * SHA-256 read as a safety number), or nothing is imported.
 */
import { AffixError } from '../errors/affix-error';
import { toBase64, toHex } from '../ledger/bytes';
import { parseCertificates, type Cert } from '../verify/certificate';
import { checkChain } from '../verify/chain';
import { checkCmsSignature } from '../verify/check-cms-signature';
import { digest } from '../verify/digest';
import { readAsic, type AsicLimits } from './asic-container';
import { odfManifestPaths, parseAsicManifest } from './asic-manifest';
import { ENVELOPE_MEMBERS as M, EnvelopeOrderSchema, EnvelopeStateSchema, safetyNumber, type EnvelopeOrder, type EnvelopeState, type Party } from './order';

export interface OpenedEnvelope {
  order: EnvelopeOrder;
  state: EnvelopeState;
  pdf: Uint8Array;
  /** Each party's root CA certificate (DER), by USCC. */
  roots: Map<string, Uint8Array>;
  /** Subject of the certificate that signed the order, and of the one that signed the state. */
  orderSigner: string;
  stateSigner: string;
  /** Every member as read (mimetype left out), for what the importer keeps. */
  members: Map<string, Uint8Array>;
}

export interface OpenOptions {
  /** SHA-256 (hex) of the root CA certificates the importer trusts or has confirmed (--accept-root). */
  acceptedRoots: ReadonlySet<string>;
  limits?: AsicLimits;
  now?: Date;
}

const sha256Hex = async (b: Uint8Array): Promise<string> => toHex(await digest('SHA-256', [b]));
const sha256B64 = async (b: Uint8Array): Promise<string> => toBase64(await digest('SHA-256', [b]));

export async function openEnvelope(zip: Uint8Array, what: string, options: OpenOptions): Promise<OpenedEnvelope> {
  const refuse = (why: string): never => {
    throw new AffixError('BAD_INPUT', `${what}: ${why}. Nothing was imported.`);
  };
  const members = readAsic(zip, what, options.limits);
  const need = (name: string): Uint8Array => members.get(name) ?? refuse(`the member ${name} is missing`);
  const text = (name: string): string => new TextDecoder('utf-8', { fatal: true }).decode(need(name));

  // Every member is listed in META-INF/manifest.xml, and every listed member is there.
  const listed = new Set(odfManifestPaths(text(M.manifest)));
  for (const name of listed) if (!members.has(name)) refuse(`the member ${name} listed in ${M.manifest} is missing`);
  for (const name of members.keys()) if (!name.startsWith('META-INF/') && !listed.has(name)) refuse(`the member ${name} is not listed in ${M.manifest}`);

  let order: EnvelopeOrder;
  try {
    order = EnvelopeOrderSchema.parse(JSON.parse(text(M.order)));
  } catch (error) {
    return refuse(`the signing order (${M.order}) is not valid: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`);
  }
  const roots = new Map<string, Uint8Array>();
  for (const p of order.parties) {
    const der = need(M.root(p.uscc));
    if ((await sha256Hex(der)) !== p.rootSha256)
      refuse(`the root CA certificate of ${p.name} (${p.uscc}) is not the one the signing order names (SHA-256 ${p.rootSha256})`);
    roots.set(p.uscc, der);
  }

  // Roots first: a signature chained to a root nobody confirmed proves nothing.
  const unconfirmed = order.parties.filter((p) => !options.acceptedRoots.has(p.rootSha256));
  if (unconfirmed.length > 0) {
    refuse(
      `the root CA of ${unconfirmed.map((p) => `${p.name} (USCC ${p.uscc}; SHA-256 ${safetyNumber(p.rootSha256)})`).join(', ')} is not trusted here. ` +
        'Confirm each fingerprint with that organisation out of band (read the groups aloud), then import again with --accept-root SHA256 for each',
    );
  }

  const party = (uscc: string): Party => order.parties.find((p) => p.uscc === uscc) ?? refuse(`USCC ${uscc} is not a party of the signing order`);
  const orderSigner = await checkSigned(
    members,
    M.orderManifest,
    M.orderSignature,
    [M.order, ...order.parties.map((p) => M.root(p.uscc))],
    roots.get(order.initiator)!,
    party(order.initiator),
    refuse,
    options.now,
  );

  let state: EnvelopeState;
  try {
    state = EnvelopeStateSchema.parse(JSON.parse(text(M.state)));
  } catch (error) {
    return refuse(`the envelope state (${M.state}) is not valid: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`);
  }
  if (state.envelopeId !== order.envelopeId) refuse('the envelope state belongs to another envelope');
  const pdf = need(M.pdf);
  if ((await sha256Hex(pdf)) !== state.documentSha256) refuse(`${M.pdf} is not the document the envelope state names`);
  const exporter = party(state.from);
  const evidence = [...members.keys()].filter((n) => n.startsWith('evidence/'));
  const stateSigner = await checkSigned(
    members,
    M.stateManifest,
    M.stateSignature,
    [M.state, M.pdf, ...evidence],
    roots.get(exporter.uscc)!,
    exporter,
    refuse,
    options.now,
  );
  return { order, state, pdf, roots, orderSigner, stateSigner, members };
}

/** `manifest` lists exactly `covered` with their digests, and `signature` is a valid CAdES signature over it by `party`'s organisation. */
async function checkSigned(
  members: Map<string, Uint8Array>,
  manifestName: string,
  signatureName: string,
  covered: string[],
  rootDer: Uint8Array,
  party: Party,
  refuse: (why: string) => never,
  now?: Date,
): Promise<string> {
  const manifestBytes = members.get(manifestName) ?? refuse(`the member ${manifestName} is missing`);
  const signature = members.get(signatureName) ?? refuse(`the member ${signatureName} is missing`);
  const manifest = parseAsicManifest(new TextDecoder().decode(manifestBytes), manifestName);
  if (manifest.signature !== signatureName) refuse(`${manifestName} names the signature ${manifest.signature}, not ${signatureName}`);
  const listed = manifest.refs.map((r) => r.uri).sort();
  const wanted = [...covered].sort();
  if (listed.length !== wanted.length || listed.some((u, i) => u !== wanted[i])) {
    refuse(`${manifestName} signs ${listed.join(', ') || 'nothing'}, not ${wanted.join(', ')}`);
  }
  for (const ref of manifest.refs) {
    const bytes = members.get(ref.uri) ?? refuse(`the member ${ref.uri} is missing`);
    if ((await sha256B64(bytes)) !== ref.digest) refuse(`${ref.uri} was altered after ${party.name} signed it (its SHA-256 is not the one in ${manifestName})`);
  }
  const check = await checkCmsSignature(signature, [manifestBytes], 'ETSI.CAdES.detached');
  if (check.stage === 'format') return refuse(`${signatureName} is not a CMS signature: ${check.reason}`);
  if (!check.intact || !check.valid || !check.signer)
    refuse(`${signatureName} does not verify over ${manifestName}${check.problem ? `: ${check.problem.reason}` : ''}`);
  let root: Cert;
  try {
    const [first] = parseCertificates(rootDer);
    if (!first) return refuse(`the root CA certificate of ${party.name} is empty`);
    root = first;
  } catch {
    return refuse(`the root CA certificate of ${party.name} cannot be read`);
  }
  const chain = await checkChain(check.signer!, check.cms.certificates, [root], now ?? new Date());
  if (!chain.trusted) refuse(`${signatureName} was not made by ${party.name} (USCC ${party.uscc}): ${chain.reason}`);
  return check.signer!.subject;
}
