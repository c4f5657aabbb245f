/**
 * Every contract method refuses malformed input at the router with BAD_INPUT
 * and a message naming the method, before any service runs. Generic over
 * `methodIds`, so a method added to the contract is covered without touching
 * this file. Unknown keys must be refused even by methods that take `{}`
 * (the schemas are `.strict()`), so a typo in a field name is never ignored.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { z } from 'zod';
import { methodIds, specOf } from '../../shared/contract';
import { createAppRouter } from '../../main/ipc/app-router';
import type { Router, Sender } from '../../main/ipc/router';
import { openServices, type Services } from '../../main/services/composition/container';
import { tempHome } from '../support/cli';

const APP: Sender = { kind: 'frame', url: 'app://affix/index.html' };
let services: Services;
let router: Router;

before(() => {
  services = openServices(tempHome('affix-contract-'), { create: true });
  router = createAppRouter(services);
});
after(() => services.close());

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function expectBadInput(method: string, input: unknown, mustMention: RegExp[] = []): Promise<void> {
  const r = await router.invoke(method, input, APP);
  assert.equal(r.ok, false, `${method} accepted ${JSON.stringify(input)}`);
  if (r.ok) return;
  assert.equal(r.error.code, 'BAD_INPUT', `${method} with ${JSON.stringify(input)}: ${r.error.code} ${r.error.message}`);
  assert.match(r.error.message, new RegExp(`\\b${escape(method)}\\b`), `message should name the method: ${r.error.message}`);
  for (const re of mustMention) assert.match(r.error.message, re, `${method}: ${r.error.message}`);
}

test('the contract has methods to check', () => {
  assert.ok(methodIds.length >= 6, `only ${methodIds.length} methods`);
  assert.ok(
    methodIds.every((id) => specOf(id)),
    'every id resolves to a spec',
  );
});

test('every method takes a strict object: unknown keys are refused', () => {
  const notStrict = methodIds.filter((id) => {
    const input = specOf(id)!.input;
    return !(input instanceof z.ZodObject) || (input.def.catchall as z.ZodType | undefined)?.def.type !== 'never';
  });
  assert.deepEqual(notStrict, [], 'these input schemas are not z.object({...}).strict()');
});

for (const id of methodIds) {
  test(`${id}: malformed input is BAD_INPUT naming the method`, async () => {
    // An unknown key, alone: refused by name even where `{}` is valid.
    await expectBadInput(id, { __bogus: 1 }, [/__bogus/]);
    // Not an object at all.
    for (const input of ['text', 42, true, [], [{}]]) await expectBadInput(id, input);

    // Each declared field given a value of a type the field rejects: the message names the field.
    const input = specOf(id)!.input;
    if (!(input instanceof z.ZodObject)) return;
    const candidates: unknown[] = [12345, 'not-the-right-type', true, { nested: 1 }, [1, 2], null, -1.5, ''];
    for (const [key, field] of Object.entries(input.shape as Record<string, z.ZodType>)) {
      const wrong = candidates.find((c) => !field.safeParse(c).success);
      if (wrong === undefined) continue; // z.unknown()-like field: any value is its own business.
      await expectBadInput(id, { [key]: wrong }, [new RegExp(`\\b${escape(key)}\\b`)]);
    }
  });
}

test('bad input never reaches a service (nothing is written)', async () => {
  services.settings.setLanguage('en');
  await expectBadInput('settings.setLanguage', { language: 'zh-CN', __bogus: 1 }, [/__bogus/]);
  assert.equal(services.settings.language(), 'en');
  const docs = services.documents.list().length;
  await expectBadInput('documents.importBytes', { name: '', base64: 'x' }, [/name/]);
  assert.equal(services.documents.list().length, docs);
});
