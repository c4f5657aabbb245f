import { useEffect, useState } from 'react';
import type { PDFDocumentLoadingTask } from 'pdfjs-dist';
import { type PDFDocumentProxy, openPdf } from './pdfjs';

export type PdfState = { status: 'loading' } | { status: 'ok'; pdf: PDFDocumentProxy } | { status: 'error'; message: string };

/**
 * Opens the given bytes with pdf.js and destroys the document when they
 * change or the view closes (pdf.js keeps a worker-side copy otherwise).
 */
export function usePdf(base64: string | undefined): PdfState {
  const [state, setState] = useState<PdfState>({ status: 'loading' });
  useEffect(() => {
    if (!base64) return;
    let live = true;
    let task: PDFDocumentLoadingTask | undefined;
    setState({ status: 'loading' });
    openPdf(base64)
      .then((opening) => {
        task = opening;
        if (!live) return void opening.destroy();
        return opening.promise.then((pdf) => live && setState({ status: 'ok', pdf }));
      })
      .catch((error: unknown) => live && setState({ status: 'error', message: error instanceof Error ? error.message : String(error) }));
    return () => {
      live = false;
      void task?.destroy();
    };
  }, [base64]);
  return state;
}
