import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { Spin } from 'antd';
import { type PDFDocumentProxy, renderPage } from '../../../pdf/pdfjs';

/**
 * One page drawn by pdf.js at `scale` CSS pixels per point, /Rotate applied.
 * `data-rendered` turns true once the drawing is complete (tests wait on it);
 * a newer page or scale cancels the render in progress.
 */
export function PageCanvas({
  pdf,
  page,
  scale,
  label,
  busyLabel,
  onError,
}: {
  pdf: PDFDocumentProxy;
  page: number;
  scale: number;
  label: string;
  busyLabel?: string;
  onError: (message: string) => void;
}) {
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

  // Until the page is drawn (a large page can take seconds) a spinner says it is coming, instead of a blank page.
  return (
    <>
      <canvas ref={canvas} role="img" aria-label={label} data-testid="pdf-canvas" data-rendered={drawn === wanted} style={{ display: 'block' }} />
      {busyLabel && drawn !== wanted && (
        <div
          role="status"
          aria-label={busyLabel}
          data-testid="pdf-canvas-busy"
          style={{ position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center' }}
        >
          <Spin size="large" />
        </div>
      )}
    </>
  );
}
