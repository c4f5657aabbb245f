/**
 * The window follows the system's "reduce motion" setting (WCAG 2.3.3,
 * `prefers-reduced-motion`): with it, a dialog opens in place, with no
 * zoom-in and a clicked button has no ripple; without it, the usual
 * animations run. The page records every
 * motion class any element takes while the dialog opens, so the check sees
 * the whole opening, not one sampled moment.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openApp } from '../support/bridge';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

/**
 * Starts recording the classes of a running animation (rc-motion's `*-appear-start`/`-active`,
 * `*-enter-start`/`-active`: the zoom of a dialog, the ripple of a clicked button) anywhere in the
 * page. A `*-appear-prepare` class alone is not motion: a dialog without animation still passes
 * through it to find its origin. Sent as source text: tsx would wrap named functions in a helper
 * the page does not have.
 */
const recordMotion = (page: Page): Promise<void> =>
  page.evaluate(`(() => {
    const seen = [];
    window.motionSeen = seen;
    const note = (el) => {
      for (const c of (el.getAttribute('class') ?? '').split(/\\s+/)) if (/-(appear|enter)-(start|active)$/.test(c)) seen.push(c);
    };
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.target instanceof Element) note(r.target);
        // A dialog is inserted already carrying its first motion class: look inside what was added too.
        for (const n of r.addedNodes) if (n instanceof Element) [n, ...n.querySelectorAll('*')].forEach(note);
      }
    }).observe(document.body, { attributes: true, attributeFilter: ['class'], subtree: true, childList: true });
  })()`);

const motionSeen = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { motionSeen: string[] }).motionSeen);

for (const preference of ['reduce', 'no-preference'] as const) {
  test(`with the system's motion preference "${preference}", a dialog opens ${preference === 'reduce' ? 'without' : 'with'} its zoom-in`, async () => {
    const app = await openApp({ browser, language: 'en', route: 'timestamps', reducedMotion: preference });
    try {
      const { page, services } = app;
      // Creating a TSA needs an organisation to issue its certificate.
      await services.pki.createOrg({
        legalName: '北京某某公证处',
        uscc: '91110000600037341L',
        representatives: [],
        passphrase: 'correct horse battery staple',
      });
      await page.reload();
      await page.locator('[data-testid="tsa-create"]:not([disabled])').waitFor();
      await recordMotion(page);
      await page.getByTestId('tsa-create').click();
      await page.getByTestId('tsa-create-name').waitFor();
      // The opening is over once no motion class is left on the dialog.
      await page.locator('.ant-modal:not([class*="-appear"]):not([class*="-enter"])').waitFor();
      const seen = await motionSeen(page);
      if (preference === 'reduce') assert.deepEqual(seen, [], 'no animation runs while the dialog opens');
      else
        assert.ok(
          seen.some((c) => c.includes('zoom')),
          `the dialog zooms in (classes seen: ${seen.join(' ') || 'none'})`,
        );
      assert.deepEqual(app.problems(), []);
    } finally {
      await app.close();
    }
  });
}
