/**
 * Waits for the Verify page's bottom line to give `indication`. When it does
 * not, the failure names what the page shows instead (the other verdict and
 * its sentence, or an error alert), so a failed run says why rather than only
 * that a locator timed out.
 */
import type { Page } from 'playwright-core';

export type Indication = 'TOTAL-PASSED' | 'TOTAL-FAILED' | 'INDETERMINATE';

export async function waitForVerdict(page: Page, indication: Indication): Promise<void> {
  try {
    await page.locator(`[data-testid="verify-bottom-line"][data-indication="${indication}"]`).waitFor();
  } catch (e) {
    const line = page.getByTestId('verify-bottom-line').first();
    const shown = (await line.count()) ? `${await line.getAttribute('data-indication')} "${(await line.textContent())?.trim()}"` : 'no verdict';
    const alerts = await page.locator('.ant-alert-error').allTextContents();
    throw new Error(`expected the verdict ${indication}; the page shows ${shown}${alerts.length ? `; errors: ${alerts.join(' | ')}` : ''}`, { cause: e });
  }
}
