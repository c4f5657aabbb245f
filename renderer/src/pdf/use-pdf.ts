import { useEffect, useState } from 'react';
import type { PDFDocumentLoadingTask } from 'pdfjs-dist';
import { type PDFDocumentProxy, openPdf } from './pdfjs';

export type PdfState = { status: 'loading' } | { status: 'ok'; pdf: PDFDocumentProxy } | { status: 'error'; message: string };

/**
 * Opens the given bytes with pdf.js and destroys the document when they
 * change or the view closes (pdf.js keeps a worker-side copy otherwise).
 */
export function usePdf(base64: string | undefined): PdfState {
  // The outcome is kept with the bytes it belongs to, so new bytes read as loading until they open.
  const [opened, setOpened] = useState<{ base64: string; state: PdfState } | null>(null);
  useEffect(() => {
    if (!base64) return;
    let live = true;
    let task: PDFDocumentLoadingTask | undefined;
    const settle = (state: PdfState) => live && setOpened({ base64, state });
    openPdf(base64)
      .then((opening) => {
        task = opening;
        if (!live) return void opening.destroy();
        return opening.promise.then((pdf) => settle({ status: 'ok', pdf }));
      })
      .catch((error: unknown) => settle({ status: 'error', message: error instanceof Error ? error.message : String(error) }));
    return () => {
      live = false;
      void task?.destroy();
    };
  }, [base64]);
  return opened !== null && opened.base64 === base64 ? opened.state : { status: 'loading' };
}
