import { renderProofReport, type ProofReport } from '../../../shared/proof/proof-report';
import { readTrustFiles, verifyPackageFile } from '../../services/usecases/proof/proof-service';
import { writeFileAtomic } from '../../services/core/fs/atomic-write';
import { Workspace } from '../../services/core/workspace/workspace';
import { defineCommand, optionalInt, optionalString, requireString, UsageError, type ParsedArgs } from '../command';
import { parseWitnessKeys } from '../../../shared/proof/trust-anchor';
import { passphraseOption, stringList } from './workspace-passphrase';
import { readerLanguage } from '../reader-language';
import { EXIT, type ExitStatus } from '../exit-status';
import { accessGrantFrom, accessGrantOptions } from './access-grant';
import { secretFromEnv } from './secret-env';

const EXIT_FOR: Record<ProofReport['verdict'], ExitStatus> = { passed: EXIT.OK, failed: EXIT.VERIFICATION_FAILED, indeterminate: EXIT.INDETERMINATE };

/** `--disclose PERSON_ID:field,field` (repeatable). */
function disclosures(args: ParsedArgs): { personId: string; fields: string[] }[] {
  const raw = args.values.disclose;
  const list = raw === undefined ? [] : (Array.isArray(raw) ? raw : [raw]).map(String);
  return list.map((d) => {
    const m = /^([^:]+):(.+)$/.exec(d);
    if (!m) throw new UsageError(`--disclose must be PERSON_ID:field[,field…], got "${d}"`);
    return { personId: m[1], fields: m[2].split(',').filter((f) => f.length > 0) };
  });
}

export const proofCommands = [
  defineCommand({
    name: 'proof export',
    summary: 'Export a document as a court-ready proof package (.affixproof).',
    usage: 'DOC -o CASE.affixproof [--disclose PERSON_ID:field,… --reason TEXT --custodian C --custodian-pin-env VAR]… [--passphrase-env VAR]',
    positionals: { min: 1, max: 1, names: 'DOC' },
    options: {
      output: { type: 'string', short: 'o', description: 'the package to write', valueName: 'FILE' },
      disclose: { type: 'string', multiple: true, description: 'disclose these identity fields of a signer (value + salt)', valueName: 'PERSON_ID:FIELDS' },
      'passphrase-env': {
        type: 'string',
        description: 'environment variable holding the workspace passphrase (for --disclose and person-certificate signatures)',
        valueName: 'VAR',
      },
      ...accessGrantOptions,
    },
    details: 'DOC is a document id or the path of a file whose bytes are a version the workspace knows.',
    run: async (ctx, args) => {
      const output = requireString(args, 'output');
      const disclose = disclosures(args);
      const passphrase =
        disclose.length > 0 || args.values['passphrase-env'] !== undefined ? secretFromEnv(ctx, args, 'passphrase-env', 'workspace passphrase') : undefined;
      const grant = disclose.length > 0 ? accessGrantFrom(ctx, args) : {};
      const r = await ctx.call('proof.export', {
        document: args.positionals[0],
        output,
        disclose: disclose.length > 0 ? disclose : undefined,
        passphrase,
        ...grant,
      });
      ctx.print(
        r,
        () =>
          `Exported ${r.path}\n  document  ${r.documentId}\n  events    ${r.events}\n  signatures ${r.signatures}\n  anchored  ledger index ${r.ledgerIndex}\n  sha256    ${r.sha256}\n  bytes     ${r.bytes}`,
      );
      for (const w of r.warnings ?? []) ctx.err(`warning: ${w}`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'proof verify',
    summary: 'Verify a proof package entirely offline; a verdict per check.',
    usage: 'CASE.affixproof [--trust-policy FILE | --witness-key VKEY… [--witness-quorum K]] [--trust CERT.pem]… [--lang zh|en]',
    positionals: { min: 1, max: 1, names: 'CASE.affixproof' },
    options: {
      'trust-policy': {
        type: 'string',
        description: 'pinned node key and CA certificates (JSON, from "affix proof policy"); default: the package\'s own',
        valueName: 'FILE',
      },
      'witness-key': {
        type: 'string',
        multiple: true,
        description: 'a witness you trust (C2SP vkey); its cosignature on the checkpoint establishes trust',
        valueName: 'VKEY',
      },
      'witness-quorum': { type: 'string', description: 'how many of the --witness-key witnesses must have cosigned (default 1)', valueName: 'K' },
      trust: {
        type: 'string',
        multiple: true,
        description: "a certificate you trust (PEM or DER), e.g. a TSA's root: its checkpoint time-stamps then prove when entries existed",
        valueName: 'FILE',
      },
      lang: { type: 'string', description: 'report language: zh or en (default: from LC_ALL / LC_MESSAGES / LANG, else en)', valueName: 'zh|en' },
    },
    details:
      'Without an independent anchor of trust (--trust-policy, --witness-key, or this workspace\'s own node or witness key) the best verdict is INDETERMINATE: "trust not established: the package\'s own policy was used".\nExit status: 0 every check passed; 1 a check failed; 3 the worst is indeterminate; 2 the file is not a readable package.',
    run: async (ctx, args) => {
      const lang = readerLanguage(args, ctx.env);
      const path = args.positionals[0];
      const policy = optionalString(args, 'trust-policy');
      const witnessKeys = stringList(args, 'witness-key');
      const witnessQuorum = optionalInt(args, 'witness-quorum', 1);
      if (witnessQuorum !== undefined && witnessQuorum > witnessKeys.length)
        throw new UsageError(`--witness-quorum ${witnessQuorum} needs at least that many --witness-key options (got ${witnessKeys.length})`);
      const pins = witnessKeys.length > 0 ? { witnessKeys, witnessQuorum } : {};
      const trust = stringList(args, 'trust');
      const report = Workspace.exists(ctx.home)
        ? await ctx.call('proof.verify', { path, trustPolicy: policy, ...pins, ...(trust.length > 0 ? { trust } : {}) })
        : await verifyPackageFile(path, policy, { witnessKeys: parseWitnessKeys(witnessKeys), witnessQuorum, trustAnchors: readTrustFiles(trust) });
      ctx.print(report, () => renderProofReport(report, lang));
      return EXIT_FOR[report.verdict];
    },
  }),
  defineCommand({
    name: 'proof policy',
    summary: "Write this node's trust policy (ledger key, report seal, signer and root CA certificates, witness policy) for verifiers to pin.",
    usage: '-o POLICY.json',
    options: { output: { type: 'string', short: 'o', description: 'the policy file to write', valueName: 'FILE' }, ...passphraseOption },
    run: async (ctx, args) => {
      const output = requireString(args, 'output');
      const policy = await ctx.services().proof.trustPolicy();
      writeFileAtomic(output, `${JSON.stringify(policy, null, 2)}\n`);
      ctx.print({ path: output, ...policy }, () => `Wrote ${output}\n  ledger key ${policy.ledgerKey}\n  ${policy.trustAnchors.length} pinned certificates`);
      return EXIT.OK;
    },
  }),
];
