/**
 * Clicks `target` until `result` shows. A click that lands while an antd
 * modal is still opening (its zoom animation), or while a dropdown is still
 * closing, can be dropped; on a loaded CI machine that happened to a decline
 * dialog's first submit. As a person would, the click is then repeated, at
 * most three times; the last wait is the usual 30 s.
 */
import type { Locator } from 'playwright-core';

export async function clickUntil(target: Locator, result: Locator, tries = 3): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await target.click();
    try {
      await result.waitFor({ timeout: attempt < tries ? 5_000 : 30_000 });
      return;
    } catch (error) {
      if (attempt >= tries) throw error;
    }
  }
}
