/**
 * The real-world PDFs beside the repository (`../shared/corpus`: the pdf.js
 * test files and PDFs signed by other tools). They are not part of the
 * repository, so a lone clone has none: every test that reads them asks here,
 * and skips with `corpusSkip` — one line naming what is missing — instead of
 * failing with ENOENT. Tests that only need *some* PDF make their own.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handmadePdf } from './handmade-pdf';

/** `AFFIX_CORPUS_DIR` points elsewhere (or at nothing, to try the lone-clone case). */
export const corpusDir = process.env.AFFIX_CORPUS_DIR ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus');

/** Whether the corpus is there. */
export const hasCorpus = existsSync(join(corpusDir, 'pdfjs')) && existsSync(join(corpusDir, 'signed-by-others'));

/** For node:test's `skip` option: false with the corpus, else the one-line reason. */
export const corpusSkip: string | false = hasCorpus ? false : `needs the outside corpus (${corpusDir}), absent beside this clone`;

/** A file of the corpus, e.g. `corpusPath('pdfjs', 'issue13447.pdf')`. */
export const corpusPath = (...rel: string[]): string => join(corpusDir, ...rel);

let standInDir: string | undefined;
/**
 * For tests that need just *a* PDF named after a corpus file: the corpus file
 * when the corpus is there, else a one-page PDF made here (its title is
 * `name`, so two names give two different documents).
 */
export function corpusPdfOrStandIn(name: string): string {
  if (hasCorpus) return corpusPath('pdfjs', name);
  if (!standInDir) {
    const dir = mkdtempSync(join(tmpdir(), 'affix-stand-in-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    standInDir = dir;
  }
  const path = join(standInDir, name);
  if (!existsSync(path)) writeFileSync(path, handmadePdf({ style: 'table', objects: { 6: `<< /Title (${name.replace(/[()\\]/g, '')}) >>` } }));
  return path;
}
