import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { derItems } from '../../../shared/asn1/pem';
import { badInput } from '../../../shared/errors/affix-error';
import {
  addLtv,
  applyDocumentTimestamp,
  documentTimestampAuthorities,
  prepareDocumentTimestamp,
  type LtvMaterial,
  type LtvResult,
} from '../../services/usecases/tsa/ltv';
import { workspaceLtvMaterial } from '../../services/usecases/tsa/document-ltv';
import { tsaUrlSetting } from '../../services/usecases/tsa/tsa-settings';
import { Workspace } from '../../services/core/workspace/workspace';
import { defineCommand, optionalString, requireString, UsageError, type CommandContext, type ParsedArgs } from '../command';
import { EXIT } from '../exit-status';
import { stringList } from './workspace-passphrase';

const ltvOptions = {
  out: { type: 'string', short: 'o', description: 'where to write the result (never the input)', valueName: 'OUT.pdf' },
  tsa: { type: 'string', description: 'RFC 3161 TSA for the document timestamp (default: the workspace\'s, "affix tsa url")', valueName: 'URL' },
  crl: { type: 'string', multiple: true, description: "CRL (PEM or DER) to put in the DSS, besides the workspace's latest ones", valueName: 'FILE' },
} as const;

/** Certificates and CRLs for the DSS: the workspace's CA chains and latest CRLs (if there is a workspace) and --crl files. */
function material(ctx: CommandContext, args: ParsedArgs): LtvMaterial {
  const given = stringList(args, 'crl').flatMap((p) => derItems(readInput(p, 'CRL'), ['X509 CRL'], p));
  const own = Workspace.exists(ctx.home) ? workspaceLtvMaterial(ctx.services()) : { certs: [], crls: [] };
  return { certs: own.certs, crls: [...given, ...own.crls] };
}

function tsaUrl(ctx: CommandContext, args: ParsedArgs): string {
  const url = optionalString(args, 'tsa') ?? (Workspace.exists(ctx.home) ? tsaUrlSetting(ctx.services().workspace) : undefined);
  if (!url) throw new UsageError('no TSA: give --tsa URL or set one with "affix tsa url URL"');
  return url;
}

/** A file, or a workspace document id (its newest version, written to a temporary file). */
function inputPath(ctx: CommandContext, arg: string): string {
  if (existsSync(arg) || !Workspace.exists(ctx.home) || !/^[0-9a-f-]{36}$/i.test(arg)) return arg;
  const s = ctx.services();
  const doc = s.documents.get(arg);
  const path = join(mkdtempSync(join(tmpdir(), 'affix-ltv-')), `${doc.id}.pdf`);
  writeFileSync(path, s.documents.bytesOf(doc.currentSha256));
  return path;
}

function readInput(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw badInput(`Cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function printLtv(ctx: CommandContext, r: LtvResult): void {
  ctx.print(r, () =>
    [
      `Wrote ${r.outputPath}`,
      `  DSS        ${r.dss.certs} certificates, ${r.dss.crls} CRLs`,
      `  timestamp  field ${r.field} (document timestamp ${r.documentTimestamps})`,
      `  sha256     ${r.sha256}`,
    ].join('\n'),
  );
}

export const ltvCommands = [
  defineCommand({
    name: 'ltv',
    summary: 'PAdES B-LT then B-LTA: add a DSS (certificates, CRLs) and a document timestamp, in one incremental update.',
    usage: 'IN.pdf -o OUT.pdf [--tsa URL] [--crl FILE]…',
    positionals: { min: 1, max: 1, names: 'IN.pdf' },
    options: ltvOptions,
    details: 'Run "affix pki crl" first so the DSS carries current CRLs. Exit status 2 if the TSA refuses or cannot be reached; nothing is written then.',
    run: async (ctx, args) => {
      const input = inputPath(ctx, args.positionals[0]);
      const out = requireString(args, 'out');
      printLtv(ctx, await addLtv(input, out, material(ctx, args), tsaUrl(ctx, args)));
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'ltv renew',
    summary: "Add the next DSS and document timestamp before the last timestamp's authority certificate expires (B-LTA renewal).",
    usage: 'IN.pdf -o OUT.pdf [--tsa URL] [--crl FILE]…',
    positionals: { min: 1, max: 1, names: 'IN.pdf' },
    options: ltvOptions,
    details:
      'Refused (exit 2) when the file has no document timestamp yet (use "affix ltv") or when the last one\'s authority certificate has already expired: a renewal then proves nothing about it.',
    run: async (ctx, args) => {
      const input = inputPath(ctx, args.positionals[0]);
      const last = documentTimestampAuthorities(input).at(-1);
      if (!last) throw badInput(`${input} has no document timestamp to renew; add one with "affix ltv".`);
      if (last.notAfter.getTime() <= Date.now())
        throw badInput(`Too late to renew: the last document timestamp's authority certificate ("${last.subject}") expired ${last.notAfter.toISOString()}.`);
      const r = await addLtv(input, requireString(args, 'out'), material(ctx, args), tsaUrl(ctx, args));
      printLtv(ctx, r);
      ctx.err(`The previous timestamp's authority certificate expires ${last.notAfter.toISOString()}; renew again before the new one's does.`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'timestamp request',
    summary: 'Air-gapped B-LTA, step one: prepare the DSS and document-timestamp revision and write the RFC 3161 query.',
    usage: 'IN.pdf -o QUERY.tsq [--prepared PREPARED.pdf] [--crl FILE]…',
    positionals: { min: 1, max: 1, names: 'IN.pdf' },
    options: {
      out: { type: 'string', short: 'o', description: 'where to write the query (DER)', valueName: 'QUERY.tsq' },
      prepared: { type: 'string', description: 'where to write the prepared PDF (default IN.prepared.pdf)', valueName: 'FILE' },
      crl: ltvOptions.crl,
    },
    details: 'Take QUERY.tsq to the TSA ("affix tsa stamp QUERY.tsq -o REPLY.tsr"), then "affix timestamp apply PREPARED.pdf REPLY.tsr -o OUT.pdf".',
    run: async (ctx, args) => {
      const input = inputPath(ctx, args.positionals[0]);
      const query = requireString(args, 'out');
      const prepared = optionalString(args, 'prepared') ?? input.replace(/(\.pdf)?$/i, '.prepared.pdf');
      const r = await prepareDocumentTimestamp(input, prepared, query, material(ctx, args));
      ctx.print({ ...r, query }, () => `Prepared ${prepared} (DSS: ${r.dss.certs} certificates, ${r.dss.crls} CRLs)\nQuery    ${query}`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'timestamp apply',
    summary: "Air-gapped B-LTA, step two: embed the TSA's reply in the prepared PDF.",
    usage: 'PREPARED.pdf REPLY.tsr -o OUT.pdf',
    positionals: { min: 2, max: 2, names: 'PREPARED.pdf REPLY.tsr' },
    options: { out: { type: 'string', short: 'o', description: 'where to write the completed PDF', valueName: 'OUT.pdf' } },
    details: "Exit status 2 if the reply answers another query (its imprint is not this revision's digest) or the TSA refused it.",
    run: (ctx, args) => {
      const r = applyDocumentTimestamp(args.positionals[0], args.positionals[1], requireString(args, 'out'));
      ctx.print(r, () => `Wrote ${r.outputPath} (document timestamp of ${r.genTime})\n  sha256 ${r.sha256}`);
      return EXIT.OK;
    },
  }),
];
