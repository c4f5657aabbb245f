// Lint rules that encode the architecture: only main/electron and the preload
// may import electron; shared/ and renderer/ may not import Node built-ins.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The layers of main/services, lowest first (ARCHITECTURE.md): each may import
 * only the layers below it. A zone forbids a layer to import any layer above.
 */
const LAYERS = ['core', 'domain', 'engines', 'usecases', 'composition'];
const layerZones = LAYERS.slice(0, -1).map((layer, i) => ({
  target: `./main/services/${layer}`,
  from: LAYERS.slice(i + 1).map((above) => `./main/services/${above}`),
  message: `Layer rule: main/services/${layer} may import only ${LAYERS.slice(0, i + 1).join(', ')} (and shared/); a need from above goes through a port the lower layer owns (ARCHITECTURE.md).`,
}));
const entryFolders = ['ipc', 'cli', 'electron', 'preload', 'browser-shell'].map((f) => `./main/${f}`);

const nodeBuiltins = ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process', 'util', 'stream', 'buffer', 'url', 'zlib'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'docs/**', 'bench/results/**', 'test-results/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only main/electron/ and main/preload/ may import electron.' }] }],
    },
  },
  {
    // Type-aware rules for promises: a dropped promise loses its error (an
    // unhandled rejection ends the process) and an async handler passed where
    // a void callback is expected runs unawaited.
    // All TypeScript: scoping to main/shared/renderer saved almost no time,
    // since building the programs, not checking test files, is the cost.
    files: ['**/*.{ts,tsx,mts}'],
    // vite.config.ts is in no tsconfig project (it runs in Vite's own Node context).
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's test()/describe() promises are awaited by the runner itself.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['main/electron/**', 'main/preload/**', 'test/electron/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'shared/ runs in the browser too.' }],
          patterns: [{ group: nodeBuiltins, message: 'shared/ runs in the browser too: no Node built-ins.' }],
        },
      ],
    },
  },
  {
    // The layer rule of main/services (see LAYERS above) and the entry points above all services.
    files: ['main/services/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'] })] },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...layerZones,
            {
              target: './main/services',
              from: entryFolders,
              message: 'Layer rule: main/services sits below main/ipc, main/cli, main/electron, the preload and the browser shell, and imports none of them.',
            },
          ],
        },
      ],
    },
  },
  {
    // CommonJS is what electron-builder loads for its config and afterPack hook.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to main only through window.affix.' }],
          patterns: [
            { group: nodeBuiltins, message: 'The renderer has no Node.' },
            { group: ['**/main/**'], message: 'The renderer talks to main only through window.affix.' },
          ],
        },
      ],
    },
  },
);
