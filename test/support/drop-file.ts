import type { Page } from 'playwright-core';

/** Drops a file on `testId` as a user dragging it from the desktop would: a real drop event carrying a DataTransfer built in the page. */
export async function dropFile(page: Page, testId: string, name: string, bytes: Uint8Array, type = 'application/octet-stream'): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, base64, type }) => {
      const raw = atob(base64);
      const data = new Uint8Array(raw.length);
      for (let i = 0; i < raw.length; i++) data[i] = raw.charCodeAt(i);
      const dt = new DataTransfer();
      dt.items.add(new File([data], name, { type }));
      return dt;
    },
    { name, base64: Buffer.from(bytes).toString('base64'), type },
  );
  const zone = page.getByTestId(testId);
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
  await dataTransfer.dispose();
}
