import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { type PDFDocumentProxy, renderPage } from '../../../pdf/pdfjs';

/**
 * One page drawn by pdf.js at `scale` CSS pixels per point, /Rotate applied.
 * `data-rendered` turns true once the drawing is complete (tests wait on it);
 * a newer page or scale cancels the render in progress.
 */
export function PageCanvas({ pdf, page, scale, label, onError }: { pdf: PDFDocumentProxy; page: number; scale: number; label: string; onError: (message: string) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  // Which page (at which scale) the canvas holds, so a newer page never reads as drawn before it is.
  const [drawn, setDrawn] = useState<string | null>(null);
  const wanted = `${page}@${scale}`;
  const report = useEffectEvent((message: string) => onError(message));

  useEffect(() => {
    let cancel: (() => void) | undefined;
    let live = true;
    pdf
      .getPage(page)
      .then((p) => {
        if (!live || !canvas.current) return;
        const task = renderPage(p, canvas.current, scale);
        cancel = () => task.cancel();
        return task.promise.then(() => live && setDrawn(`${page}@${scale}`));
      })
      .catch((error: unknown) => {
        if (live && !(error instanceof Error && error.name === 'RenderingCancelledException')) report(error instanceof Error ? error.message : String(error));
      });
    return () => {
      live = false;
      cancel?.();
    };
  }, [pdf, page, scale]);

  return <canvas ref={canvas} role="img" aria-label={label} data-testid="pdf-canvas" data-rendered={drawn === wanted} style={{ display: 'block' }} />;
}
