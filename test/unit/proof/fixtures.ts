/**
 * A workspace with one document signed twice by two workspace keys (every step
 * anchored), exported as a proof package through the CLI; plus the tampering
 * helpers the tests and the verify.html UI test share.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_FILES, writePackage } from '../../../shared/proof/container';
import { readPackageBounded } from '../../../shared/proof/package-budget';
import type { Evidence } from '../../../shared/proof/evidence';
import { affix, tempHome, type CliResult } from '../../support/cli';
import { corpusPdfOrStandIn } from '../../support/corpus';
import { repoRoot } from '../../support/repo';

export const ENV = { KEY_PASS: 'correct horse battery' };
/** The PDF the packages are made from: a corpus file, or a PDF made here in a lone clone. */
export const SOURCE_PDF = corpusPdfOrStandIn('issue16063.pdf');

/** Builds dist/verify/verify.html (the exporter embeds it) without building anything else. */
export async function ensureVerifierBuilt(): Promise<void> {
  const { buildVerifier } = (await import(pathToFileURL(join(repoRoot, 'build', 'scripts', 'build.mjs')).href)) as { buildVerifier(): Promise<void> };
  await buildVerifier();
}

export class ProofBench {
  readonly home = tempHome('affix-proof-');
  readonly dir = join(dirname(this.home), 'files');
  keys: string[] = [];

  constructor() {
    mkdirSync(this.dir, { recursive: true });
  }

  file(name: string): string {
    return join(this.dir, name);
  }

  async cli(args: string[]): Promise<CliResult> {
    return affix([...args, '--home', this.home], ENV);
  }

  async ok<T = unknown>(args: string[]): Promise<T> {
    const r = await this.cli([...args, '--json']);
    assert.equal(r.status, 0, `affix ${args.join(' ')}: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  }

  /** init, n keys, the corpus PDF signed by each key in turn; returns the signed file. */
  async signedDocument(signers = 2): Promise<string> {
    assert.equal((await this.cli(['init'])).status, 0);
    let input = SOURCE_PDF;
    for (let i = 0; i < signers; i++) {
      const key = await this.ok<{ id: string }>(['key', 'create', '--label', i === 0 ? '张三 Zhang San' : `Signer ${i + 1}`, '--passphrase-env', 'KEY_PASS']);
      this.keys.push(key.id);
      const out = this.file(`signed-${i + 1}.pdf`);
      await this.ok(['sign', input, '-o', out, '--key', key.id, '--passphrase-env', 'KEY_PASS']);
      input = out;
    }
    return input;
  }

  cleanup(): void {
    rmSync(dirname(this.home), { recursive: true, force: true });
  }
}

/** Offline verification as a clerk runs it: no workspace at all. */
export async function verifyOffline(path: string, extra: string[] = []): Promise<{ status: number; report: ProofReportJson; stderr: string }> {
  const r = await affix(['proof', 'verify', path, '--home', join(dirname(path), 'no-workspace-here'), '--json', ...extra]);
  return { status: r.status, report: r.stdout ? (JSON.parse(r.stdout) as ProofReportJson) : (null as unknown as ProofReportJson), stderr: r.stderr };
}

export interface ProofReportJson {
  verdict: string;
  checks: { id: string; verdict: string; messages: string[]; messagesZh?: string[] }[];
}

export const checkOf = (r: ProofReportJson, id: string): { verdict: string; messages: string[] } => {
  const c = r.checks.find((x) => x.id === id);
  assert.ok(c, `no check ${id}`);
  return c;
};

/** Rewrites one file of a package. */
export function withFile(pkg: Uint8Array, name: string, edit: (bytes: Uint8Array) => Uint8Array): Uint8Array {
  const files = readPackageBounded(pkg).files;
  const bytes = files.get(name);
  assert.ok(bytes, `package has no ${name}`);
  files.set(name, edit(bytes));
  return writePackage([...files.entries()]);
}

export function withEvidence(pkg: Uint8Array, edit: (e: Evidence) => void): Uint8Array {
  return withFile(pkg, PACKAGE_FILES.evidence, (bytes) => {
    const e = JSON.parse(new TextDecoder().decode(bytes)) as Evidence;
    edit(e);
    return new TextEncoder().encode(`${JSON.stringify(e, null, 2)}\n`);
  });
}

/** Replaces the first occurrence of `from` by `to` (same length: one byte changed) in the text. */
export function oneByte(text: string, from: string, to: string): string {
  assert.equal(from.length, to.length);
  const at = text.indexOf(from);
  assert.ok(at >= 0, `"${from}" not found`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** Flips one base64 character of the first hash line of a tlog-proof. */
export function flipProofHash(proof: string): string {
  const lines = proof.split('\n');
  const i = lines.findIndex((l, n) => n > 1 && /^[A-Za-z0-9+/]{43}=$/.test(l));
  assert.ok(i > 0, 'proof has no hash line');
  lines[i] = (lines[i][0] === 'A' ? 'B' : 'A') + lines[i].slice(1);
  return lines.join('\n');
}

export interface Tamper {
  name: string;
  check: string;
  message: RegExp;
  apply(pkg: Uint8Array): Uint8Array;
}

/** The tampering cases the issue lists (the disclosure case needs an identity; see disclosure.test.ts). */
export const TAMPERS: Tamper[] = [
  {
    name: 'one byte changed in the PDF',
    check: 'document-hash',
    message: /document\.pdf was altered: its SHA-256 is [0-9a-f]{64}, evidence\.json records [0-9a-f]{64}/,
    apply: (p) =>
      withFile(p, PACKAGE_FILES.pdf, (b) => {
        const c = Uint8Array.from(b);
        c[200] ^= 0x01;
        return c;
      }),
  },
  {
    name: 'one byte changed in evidence.json',
    check: 'evidence-integrity',
    message: /evidence\.json was altered after export: its SHA-256 is [0-9a-f]{64}, the sealed report\.pdf records [0-9a-f]{64}/,
    apply: (p) => withFile(p, PACKAGE_FILES.evidence, (b) => new TextEncoder().encode(oneByte(new TextDecoder().decode(b), 'issue16063', 'issue16064'))),
  },
  {
    name: 'one byte changed in a proof hash',
    check: 'ledger-proofs',
    message: /Event signature\.added at ledger index \d+: the inclusion proof for index \d+ does not lead to the signed root of tree size \d+/,
    apply: (p) =>
      withEvidence(p, (e) => {
        const ev = e.events.find((x) => x.type === 'signature.added')!;
        ev.proof = flipProofHash(ev.proof);
      }),
  },
  {
    name: 'one byte changed in the checkpoint',
    check: 'checkpoint',
    message: /The checkpoint does not verify: the signature by \S+ does not verify \(checkpoint altered or forged\)/,
    apply: (p) =>
      withEvidence(p, (e) => {
        const [origin, size, root, ...rest] = e.checkpoint.note.split('\n');
        e.checkpoint.note = [origin, size, (root[0] === 'A' ? 'B' : 'A') + root.slice(1), ...rest].join('\n');
      }),
  },
  {
    name: 'the signer certificate swapped',
    check: 'signer-certificates',
    message:
      /Signature1: the certificate evidence\.json names \(serial [0-9a-f]+, CN=Signer 2.*\) is not the one that made the signature \(serial [0-9a-f]+, CN=张三.*\): certificate swapped/,
    apply: (p) =>
      withEvidence(p, (e) => {
        e.signers[0].certificates = e.signers[1].certificates;
      }),
  },
  {
    name: 'an audit event removed',
    check: 'audit-trail',
    message:
      /The export anchored a trail of \d+ events \(digest [0-9a-f]{64}\), but the package lists \d+ \(digest [0-9a-f]{64}\): an audit event was removed, added or replaced/,
    apply: (p) =>
      withEvidence(p, (e) => {
        const i = e.events.findIndex((x) => x.type === 'document.versioned');
        e.events.splice(i, 1);
      }),
  },
];

export const readBytes = (path: string): Uint8Array => new Uint8Array(readFileSync(path));
export const writeBytes = (path: string, b: Uint8Array): void => writeFileSync(path, b);
