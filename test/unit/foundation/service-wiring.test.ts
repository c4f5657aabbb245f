/**
 * The lazy wiring (main/services/composition/wire-services.ts): each service
 * is built from exactly the modules SERVICE_PARTS names for it and those it
 * is built on, so the CLI, which loads no more than that, can build what a
 * command declares; and a module left out is named, not a crash elsewhere.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isAffixError } from '../../../shared/errors/affix-error';
import { allServiceModules } from '../../../main/services/composition/all-service-modules';
import { openServices } from '../../../main/services/composition/container';
import { servicesOpener } from '../../../main/services/composition/load-services';
import type { ServiceModuleName, ServiceModules } from '../../../main/services/composition/service-modules';
import type { ServiceName } from '../../../main/services/composition/services';
import { modulesFor, openWiredServices, SERVICE_PARTS } from '../../../main/services/composition/wire-services';

const root = mkdtempSync(join(tmpdir(), 'affix-wiring-'));
after(() => rmSync(root, { recursive: true, force: true }));

const NAMES = Object.keys(SERVICE_PARTS) as ServiceName[];
const only = (names: Iterable<ServiceModuleName>): Partial<ServiceModules> =>
  Object.fromEntries([...names].map((n) => [n, allServiceModules[n]])) as Partial<ServiceModules>;

// A workspace with everything set up once, so each service below opens a real, used one.
const home = join(root, 'home');
openServices(home, { create: true }).close();

for (const name of NAMES) {
  test(`"${name}" is built from the modules SERVICE_PARTS names for it and for the services it is built on`, () => {
    const s = openWiredServices(home, {}, only(modulesFor([name])));
    try {
      assert.ok(s[name], name);
    } finally {
      s.close();
    }
  });
}

test('a service whose module was not loaded is refused by name, as an internal error', () => {
  const modules = modulesFor(['documents']);
  modules.delete('planStore');
  const s = openWiredServices(home, {}, only(modules));
  try {
    assert.throws(
      () => s.documents,
      (e: unknown) => isAffixError(e) && e.code === 'INTERNAL' && /"planStore" module was not loaded/.test(e.message),
    );
    assert.ok(s.ledger, 'the services it did load are still built');
  } finally {
    s.close();
  }
});

test('the CLI opener loads only the modules of the services named', async () => {
  const open = await servicesOpener(['ledger']);
  const s = open(home);
  try {
    assert.equal(typeof s.ledger.size(), 'number');
    assert.throws(() => s.pki, /"pki" module was not loaded/);
  } finally {
    s.close();
  }
});

test('every module is needed by some service, and every service names its modules', () => {
  const used = modulesFor(NAMES);
  assert.deepEqual([...used].sort(), (Object.keys(allServiceModules) as ServiceModuleName[]).sort());
});
