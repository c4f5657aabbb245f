/**
 * A dialog (or drawer) shown in one language, checked against the one
 * catalogue (shared/i18n) rather than against strings copied into the test:
 * its title and the labels it must show are the catalogue's text in that
 * language, none of them is shown in the other language, and in zh-CN the
 * whole window — what the screenshot for the docs shows — has no Latin-script
 * sentence (the rule in latin-sentences.ts) but the names allowed.
 */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { translate, type Language, type Message } from '../../shared/i18n';
import { latinSentences } from './latin-sentences';

export const LANGUAGES: readonly Language[] = ['en', 'zh-CN'];

/** The catalogue's text for `key` in `lang`, as the window must show it. */
export const said = (lang: Language, key: string, params?: Record<string, string | number>): string => translate(lang, key, params);

const other = (lang: Language): Language => (lang === 'en' ? 'zh-CN' : 'en');

/**
 * Asserts that `region` (an open dialog or drawer of `page`) shows every
 * message of `shown` in `lang` and none of them in the other language; in
 * zh-CN also that the window has no English sentence besides `names`.
 */
export async function assertSpeaks(page: Page, region: Locator, lang: Language, shown: readonly Message[], names: readonly string[] = []): Promise<void> {
  const text = await region.innerText();
  for (const m of shown) {
    const mine = translate(lang, m.key, m.params);
    const theirs = translate(other(lang), m.key, m.params);
    assert.ok(text.includes(mine), `${lang}: the ${m.key} text “${mine}” is shown`);
    assert.ok(!text.includes(theirs), `${lang}: the ${m.key} text is not shown in ${other(lang)} (“${theirs}”)`);
  }
  if (lang === 'zh-CN') assert.deepEqual(latinSentences(await page.locator('body').innerText(), names), [], 'zh-CN: no English sentence in the window');
  // The browser's own file button speaks the browser's language ("Choose File"), not the app's, and is not in innerText.
  assert.equal(
    await region.locator('input[type="file"]:visible').count(),
    0,
    `${lang}: no bare file input shows (files are chosen through the app's own drop zone)`,
  );
}
