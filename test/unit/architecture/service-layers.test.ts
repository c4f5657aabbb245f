/**
 * The layer rule of main/services, proven through ESLint itself (the same
 * eslint.config.mjs `npm run lint` uses): an import of a higher layer fails
 * with the layer rule's message, an import of a lower layer passes. The probe
 * text is linted as if it were an existing file of that layer, so the file's
 * place decides which rule applies.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';
import { repoRoot } from '../../support/repo';

const eslint = new ESLint({ cwd: repoRoot });
const LAYER_RULE = 'import-x/no-restricted-paths';

/** The layer-rule messages ESLint reports for `source` placed at `file`. */
async function layerErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(repoRoot, file) });
  assert.ok(result, 'ESLint returned a result');
  const fatal = result.messages.filter((m) => m.fatal);
  assert.deepEqual(fatal, [], 'the probe parsed');
  return result.messages.filter((m) => m.ruleId === LAYER_RULE && m.severity === 2).map((m) => m.message);
}

test('a domain service importing the container (composition) fails lint, naming the layer rule', async () => {
  const errors = await layerErrors(
    'main/services/domain/seals/seal-types.ts',
    "import type { Services } from '../../composition/container';\nexport type Probe = Services;\n",
  );
  assert.equal(errors.length, 1, errors.join('\n'));
  assert.match(errors[0]!, /Layer rule: main\/services\/domain may import only core, domain/);
});

test('a domain service importing a use case fails lint', async () => {
  const errors = await layerErrors(
    'main/services/domain/documents/page-geometry.ts',
    "import { SigningService } from '../../usecases/signing/signing-service';\nexport const probe = SigningService;\n",
  );
  assert.equal(errors.length, 1, errors.join('\n'));
  assert.match(errors[0]!, /Layer rule: main\/services\/domain/);
});

test('core importing a higher layer (domain, engines) fails lint', async () => {
  const source =
    "import { LedgerService } from '../../domain/ledger/ledger-service';\nimport { signPdf } from '../../engines/pdf-signing/sign-pdf';\nexport const probe = [LedgerService, signPdf];\n";
  const errors = await layerErrors('main/services/core/store/migrations.ts', source);
  assert.equal(errors.length, 2, errors.join('\n'));
  for (const e of errors) assert.match(e, /Layer rule: main\/services\/core may import only core \(and shared\/\)/);
});

test('an engine importing a use case fails lint, and a service importing the CLI fails lint', async () => {
  const up = await layerErrors(
    'main/services/engines/pdf-signing/revisions.ts',
    "import { PlansService } from '../../usecases/plans/plans-service';\nexport const probe = PlansService;\n",
  );
  assert.equal(up.length, 1, up.join('\n'));
  assert.match(up[0]!, /Layer rule: main\/services\/engines/);
  const entry = await layerErrors(
    'main/services/usecases/plans/keyed-lock.ts',
    "import { runCli } from '../../../cli/run-cli';\nexport const probe = runCli;\n",
  );
  assert.equal(entry.length, 1, entry.join('\n'));
  assert.match(entry[0]!, /Layer rule: main\/services sits below main\/ipc, main\/cli/);
});

test('downward imports pass: a use case importing domain, engines and core; the container importing use cases', async () => {
  const useCase = await layerErrors(
    'main/services/usecases/plans/keyed-lock.ts',
    "import { LedgerService } from '../../domain/ledger/ledger-service';\nimport { signPdf } from '../../engines/pdf-signing/sign-pdf';\nimport { Workspace } from '../../core/workspace/workspace';\nexport const probe = [LedgerService, signPdf, Workspace];\n",
  );
  assert.deepEqual(useCase, []);
  const composition = await layerErrors(
    'main/services/composition/schema-registry.ts',
    "import { ProofService } from '../usecases/proof/proof-service';\nexport const probe = ProofService;\n",
  );
  assert.deepEqual(composition, []);
});
