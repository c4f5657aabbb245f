/**
 * Independent checks for signed PDFs: poppler's pdfsig, qpdf --check and
 * openssl cms -verify. Signatures are extracted by scanning for /ByteRange
 * with a regular expression — deliberately not with Affix's own PDF reader,
 * so a reader bug cannot hide a signing bug.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function tool(cmd: string, args: string[], options: { timeout?: number } = {}): Promise<ToolResult> {
  try {
    const r = await run(cmd, args, { timeout: options.timeout ?? 60_000, maxBuffer: 64 * 1024 * 1024, encoding: 'latin1' });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string; message: string };
    if (typeof e.code !== 'number') throw new Error(`${cmd} failed to run: ${e.message}`, { cause: error });
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

export interface PdfsigSignature {
  field: string;
  valid: boolean;
  totalDocumentSigned: boolean;
  subFilter: string;
  validation: string;
}

/** Runs `pdfsig -nocert` (signature integrity only; certificate trust is a separate question). */
export async function pdfsig(path: string): Promise<{ code: number; signatures: PdfsigSignature[]; output: string }> {
  const r = await tool('pdfsig', ['-nocert', path]);
  const blocks = r.stdout.split(/^Signature #\d+:$/m).slice(1);
  const signatures = blocks.map((b) => ({
    field: /Signature Field Name: (.*)$/m.exec(b)?.[1]?.trim() ?? '',
    valid: /Signature Validation: Signature is Valid\.$/m.test(b),
    totalDocumentSigned: /^\s*- Total document signed$/m.test(b),
    subFilter: /Signature Type: (.*)$/m.exec(b)?.[1]?.trim() ?? '',
    validation: /Signature Validation: (.*)$/m.exec(b)?.[1]?.trim() ?? '',
  }));
  return { code: r.code, signatures, output: r.stdout + r.stderr };
}

export async function qpdfCheck(path: string): Promise<ToolResult> {
  return tool('qpdf', ['--check', path]);
}

export interface ExtractedSignature {
  byteRange: [number, number, number, number];
  /** The CMS, trimmed to its DER length (the placeholder's zero padding removed). */
  der: Buffer;
  /** The signed bytes: both ranges concatenated. */
  content: Buffer;
}

/** Signatures whose /ByteRange is written at or after byte `from` (e.g. only those appended to an input). */
export function extractSignatures(pdf: Uint8Array, from = 0): ExtractedSignature[] {
  const buf = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const text = buf.toString('latin1');
  const out: ExtractedSignature[] = [];
  for (const m of text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    if (m.index < from) continue;
    const [a, b, c, d] = m.slice(1, 5).map(Number) as [number, number, number, number];
    if (text[b] !== '<' || text[c - 1] !== '>') throw new Error(`ByteRange ${[a, b, c, d].join(' ')} does not bracket a hex string`);
    const raw = Buffer.from(text.slice(b + 1, c - 1), 'hex');
    out.push({ byteRange: [a, b, c, d], der: raw.subarray(0, derLength(raw)), content: Buffer.concat([buf.subarray(a, a + b), buf.subarray(c, c + d)]) });
  }
  return out;
}

function derLength(der: Buffer): number {
  const l = der[1];
  if (l < 0x80) return 2 + l;
  const n = l & 0x7f;
  return 2 + n + der.subarray(2, 2 + n).reduce((v, x) => v * 256 + x, 0);
}

/** `openssl cms -verify` over the signed bytes; with `caPem` the chain is checked too, else -noverify. */
export async function opensslCmsVerify(sig: ExtractedSignature, caPem?: string): Promise<ToolResult> {
  const dir = mkdtempSync(join(tmpdir(), 'affix-cms-'));
  try {
    writeFileSync(join(dir, 'sig.der'), sig.der);
    writeFileSync(join(dir, 'content.bin'), sig.content);
    const trust = caPem ? (writeFileSync(join(dir, 'ca.pem'), caPem), ['-CAfile', join(dir, 'ca.pem'), '-purpose', 'any']) : ['-noverify'];
    return await tool('openssl', [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      join(dir, 'sig.der'),
      '-content',
      join(dir, 'content.bin'),
      ...trust,
      '-out',
      join(dir, 'out.bin'),
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `openssl cms -cmsout -print` of a signature (for checking attributes and algorithm identifiers). */
export async function opensslCmsPrint(der: Buffer): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'affix-cms-'));
  try {
    writeFileSync(join(dir, 'sig.der'), der);
    const r = await tool('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', join(dir, 'sig.der')]);
    if (r.code !== 0) throw new Error(`openssl cms -print failed: ${r.stderr}`);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
