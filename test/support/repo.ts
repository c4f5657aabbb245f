import { join } from 'node:path';

/** The repository root, for tests that read fixtures or run the built CLI. */
export const repoRoot = join(import.meta.dirname, '..', '..');
/** The read-only corpora beside the repository (may be absent: see ./corpus). */
export { corpusDir } from './corpus';
