/**
 * IPC fuzz: every contract method, called through the router as the app's
 * frame would, with hostile strings, paths and prototype names in every
 * string field, and every prototype-ish method name. Every answer is an
 * envelope — never a rejection or a throw — and unknown or inherited method
 * names are UNKNOWN_METHOD. While it runs, every read of /etc, /proc or a
 * canary file outside the workspace is recorded: methods whose input schema
 * has no path-like field read none of them.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { z } from 'zod';
import { methodIds, specOf } from '../../shared/contract';
import { createAppRouter } from '../../main/ipc/app-router';
import type { Router, Sender } from '../../main/ipc/router';
import { openServices, type Services } from '../../main/services/composition/container';

const APP: Sender = { kind: 'frame', url: 'app://affix/index.html' };
const outside = mkdtempSync(join(tmpdir(), 'affix-fuzz-outside-'));
const canary = join(outside, 'canary.pdf');
const home = join(mkdtempSync(join(tmpdir(), 'affix-fuzz-')), 'home');
let services: Services;
let router: Router;

const PROTO_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf'];
const HOSTILE_STRINGS = [
  '/etc/shadow',
  '/etc/passwd',
  '/proc/self/environ',
  '../../../../etc/passwd',
  'file:///etc/passwd',
  '\\\\server\\share\\x.pdf',
  '',
  '\u0000',
  '\x1b[2J\u202e',
  'a'.repeat(100_000),
  ...PROTO_NAMES,
];

/** Paths read through the public fs API while the fuzz runs. */
const reads: string[] = [];
const originals = new Map<string, unknown>();
function spyOnReads(): void {
  const record = (p: unknown): void => {
    if (typeof p === 'string' || p instanceof URL) reads.push(resolve(String(p instanceof URL ? p.pathname : p)));
  };
  for (const name of ['readFileSync', 'openSync', 'readFile', 'open', 'createReadStream', 'statSync', 'existsSync'] as const) {
    const original = (fs as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
    originals.set(name, original);
    (fs as unknown as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
      record(args[0]);
      return original.apply(this, args);
    };
  }
}
function restoreReads(): void {
  for (const [name, original] of originals) (fs as unknown as Record<string, unknown>)[name] = original;
}

before(() => {
  writeFileSync(canary, '%PDF-1.7\ncanary\n%%EOF\n');
  services = openServices(home, { create: true });
  router = createAppRouter(services);
});
after(() => {
  restoreReads();
  services.close();
  rmSync(outside, { recursive: true, force: true });
});

const isEnvelope = (r: unknown): boolean =>
  typeof r === 'object' &&
  r !== null &&
  ((r as { ok?: unknown }).ok === true
    ? 'value' in r
    : (r as { ok?: unknown }).ok === false &&
      typeof (r as { error?: { code?: unknown; message?: unknown } }).error?.code === 'string' &&
      typeof (r as { error: { message?: unknown } }).error.message === 'string');

test('prototype and malformed method names are UNKNOWN_METHOD envelopes', async () => {
  const names: unknown[] = [
    '__proto__.toString',
    '__proto__.constructor',
    'constructor.name',
    'constructor.constructor',
    'hasOwnProperty.call',
    'toString.call',
    'status.constructor',
    'status.__proto__',
    'status.hasOwnProperty',
    'status.toString',
    'prototype.x',
    '.',
    '',
    'nodot',
    42,
    null,
    { toString: () => 'status.get' },
    ['status.get'],
  ];
  for (const service of Object.keys(Object.fromEntries(methodIds.map((id) => [id.split('.')[0], 1]))))
    for (const p of PROTO_NAMES) names.push(`${service}.${p}`, `${p}.${service}`);
  for (const method of names) {
    const r = await router.invoke(method as string, {}, APP);
    assert.ok(isEnvelope(r), `${String(method)}: not an envelope: ${JSON.stringify(r)}`);
    assert.equal(r.ok, false, String(method));
    if (!r.ok) assert.equal(r.error.code, 'UNKNOWN_METHOD', `${String(method)}: ${r.error.message}`);
  }
});

/** Inputs for one method: each string field (top level) set to each hostile string, the rest left out. */
function hostileInputs(id: string): unknown[] {
  const schema = specOf(id)!.input;
  const inputs: unknown[] = [{}, Object.create(null), { __proto__: { polluted: true } }, JSON.parse('{"__proto__": {"polluted": true}}')];
  if (!(schema instanceof z.ZodObject)) return inputs;
  for (const key of Object.keys(schema.shape)) for (const s of [...HOSTILE_STRINGS, canary]) inputs.push({ [key]: s });
  return inputs;
}

const PATHISH = /path|file|module|dir|output|source|policy|input/i;

test('every method, every hostile string in every field: an envelope each time; non-path methods read nothing outside', async () => {
  spyOnReads();
  const counts = { calls: 0, ok: 0 };
  const internal: string[] = [];
  const readsBy = new Map<string, string[]>();
  try {
    for (const id of methodIds) {
      if (/\.(delete|erase|reset)$/.test(id)) continue;
      for (const input of hostileInputs(id)) {
        const before = reads.length;
        const r = await router.invoke(id, input, APP);
        counts.calls++;
        assert.ok(isEnvelope(r), `${id} ${JSON.stringify(input)?.slice(0, 200)}: not an envelope`);
        if (r.ok) counts.ok++;
        else if (r.error.code === 'INTERNAL') internal.push(`${id} ${JSON.stringify(input)?.slice(0, 80)}: ${r.error.message.slice(0, 120)}`);
        const outsideReads = reads.slice(before).filter((p) => p === canary || p.startsWith('/etc/') || p.startsWith('/proc/'));
        if (outsideReads.length) readsBy.set(id, [...(readsBy.get(id) ?? []), ...outsideReads]);
      }
    }
  } finally {
    restoreReads();
  }
  assert.deepEqual(internal, [], 'hostile input must be refused as bad input, not break a service');
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype was polluted');
  const nonPath = [...readsBy.keys()].filter((id) => {
    const schema = specOf(id)!.input;
    return !(schema instanceof z.ZodObject) || !Object.keys(schema.shape).some((k) => PATHISH.test(k));
  });
  assert.deepEqual(nonPath, [], `methods without a path field read files outside the workspace: ${nonPath.join(', ')}`);
  // Path-taking methods still name files themselves (see README, "Hardening": not yet handle-only).
  console.log(`# ${counts.calls} calls, ${counts.ok} ok envelopes; path-taking methods that read outside files: ${[...readsBy.keys()].join(', ') || 'none'}`);
});
