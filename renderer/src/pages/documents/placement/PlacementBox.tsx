/**
 * One signature box over the rendered page, bound to a step of the signing
 * order. Drag it to move, drag its corner to resize; focused, the arrow keys
 * move it, Shift+arrows resize it and Delete removes it. All edits are made
 * as the page is displayed and converted back to PDF user space, so boxes on
 * rotated pages move the way the pointer does.
 */
import type { KeyboardEvent, PointerEvent } from 'react';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageBox } from '../../../../../shared/contract/plans';
import { type PageFrame, type ViewRect, MIN_BOX, clampToPage, moveOnScreen, pdfToView, resizeOnScreen, roundRect, viewToPdf } from './geometry';

export interface PlacedBox {
  key: string;
  step: number;
  label: string;
  colour: string;
  box: PageBox;
  editable: boolean;
  signed: boolean;
  /** What the box becomes: the seal's picture (data URL), a signature block, or nothing yet known. */
  face?: { kind: 'seal'; src: string | null } | { kind: 'person'; text: string };
}

/** Points per arrow key press. */
const KEY_STEP = 4;
const ARROWS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

interface Props {
  placed: PlacedBox;
  frame: PageFrame;
  scale: number;
  selected: boolean;
  helpId: string;
  onSelect: () => void;
  onChange: (box: PageBox) => void;
  onRemove: () => void;
}

export function PlacementBox({ placed, frame, scale, selected, helpId, onSelect, onChange, onRemove }: Props) {
  const { t } = useTranslation();
  const drag = useRef<{ mode: 'move' | 'resize'; x: number; y: number; start: ViewRect } | null>(null);
  const view = pdfToView(placed.box.rect, frame, scale);
  const page = placed.box.page;
  const commit = (rect: readonly [number, number, number, number]) => onChange({ page, rect: roundRect(rect) });

  const begin = (mode: 'move' | 'resize', e: PointerEvent<HTMLElement>) => {
    onSelect();
    if (!placed.editable || e.button !== 0) return;
    e.stopPropagation();
    e.preventDefault();
    (e.currentTarget.closest('[data-placement-box]') as HTMLElement | null)?.focus();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { mode, x: e.clientX, y: e.clientY, start: view };
  };
  const onPointerMove = (e: PointerEvent<HTMLElement>) => {
    const d = drag.current;
    if (!d) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    const next: ViewRect =
      d.mode === 'move'
        ? { ...d.start, left: d.start.left + dx, top: d.start.top + dy }
        : { ...d.start, width: Math.max(MIN_BOX * scale, d.start.width + dx), height: Math.max(MIN_BOX * scale, d.start.height + dy) };
    commit(clampToPage(viewToPdf(next, frame, scale), frame));
  };
  const end = (e: PointerEvent<HTMLElement>) => {
    if (!drag.current) return;
    drag.current = null;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!placed.editable) return;
    const arrow = ARROWS[e.key];
    if (arrow) {
      e.preventDefault();
      const [dx, dy] = [arrow[0] * KEY_STEP, arrow[1] * KEY_STEP];
      commit(e.shiftKey ? resizeOnScreen(placed.box.rect, frame, dx, dy) : moveOnScreen(placed.box.rect, frame, dx, dy));
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      onRemove();
    }
  };

  const [x, y, w, h] = placed.box.rect;
  const name = `${placed.step}. ${placed.label}`;
  const signatureText = !placed.signed && placed.face?.kind === 'person' ? placed.face.text : null;
  // WCAG 2.5.3: the accessible name holds all the visible text, in order (the label, then the signature block's words).
  const visibleText = signatureText ? `${name} ${signatureText}` : name;

  return (
    <div
      role="button"
      tabIndex={0}
      data-placement-box
      data-testid={`placement-box-${placed.step}`}
      data-rect={placed.box.rect.join(',')}
      aria-label={`${visibleText}, ${t('documents.placement.box', { x: Math.round(x), y: Math.round(y), w: Math.round(w), h: Math.round(h) })}`}
      aria-describedby={placed.editable ? helpId : undefined}
      aria-pressed={selected}
      className={`affix-placement-box${selected ? ' is-selected' : ''}${placed.editable ? ' is-editable' : ''}${placed.signed ? ' is-signed' : ''}`}
      style={{ left: view.left, top: view.top, width: view.width, height: view.height, borderColor: placed.colour, color: placed.colour }}
      onPointerDown={(e) => begin('move', e)}
      onPointerMove={onPointerMove}
      onPointerUp={end}
      onPointerCancel={end}
      onKeyDown={onKeyDown}
      onFocus={onSelect}
    >
      <span className="affix-placement-label" style={{ background: placed.colour }}>
        {name}
      </span>
      {/* A preview of what will be stamped there (a signed box shows the page's own drawing instead). The space keeps
          the label's last word and the block's first apart in the box's text, as they are in its accessible name. */}
      {signatureText && ' '}
      {!placed.signed && placed.face?.kind === 'seal' && placed.face.src && (
        <img className="affix-placement-face" src={placed.face.src} alt="" draggable={false} data-testid={`placement-face-${placed.step}`} />
      )}
      {!placed.signed && placed.face?.kind === 'person' && (
        <span className="affix-placement-face affix-placement-signature" data-testid={`placement-face-${placed.step}`}>
          {placed.face.text}
        </span>
      )}
      {placed.editable && (
        <span
          className="affix-placement-handle"
          data-testid={`placement-resize-${placed.step}`}
          aria-hidden
          style={{ background: placed.colour }}
          onPointerDown={(e) => begin('resize', e)}
          onPointerMove={onPointerMove}
          onPointerUp={end}
          onPointerCancel={end}
        />
      )}
    </div>
  );
}
