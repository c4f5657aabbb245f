/**
 * The page preview with the signing order's boxes over it: page navigation,
 * the rendered page (pdf.js), one box per visible step, and "snap to text",
 * which centres the selected step's box on the first place a keyword such as
 * 甲方（盖章） is printed.
 */
import { AimOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Flex, Input, Space, Typography } from 'antd';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageGeometry } from '../../../../../shared/contract/documents';
import type { PageBox } from '../../../../../shared/contract/plans';
import type { PDFDocumentProxy } from '../../../pdf/pdfjs';
import { viewSize } from './geometry';
import { PageCanvas } from './PageCanvas';
import { type PlacedBox, PlacementBox } from './PlacementBox';

interface Props {
  pdf: PDFDocumentProxy;
  pages: PageGeometry[];
  page: number;
  onPage: (page: number) => void;
  boxes: PlacedBox[];
  selected: string | undefined;
  onSelect: (key: string) => void;
  onChange: (key: string, box: PageBox) => void;
  onRemove: (key: string) => void;
  /** Present while the order can be edited: finds the text and moves the selected step's box onto it. */
  onSnap?: (text: string) => Promise<void>;
  /** The step a snap would move (the selected one), if any. */
  snapStep?: number;
  docName: string;
  /** The SHA-256 of the version shown (on the stage, so a test can tell a new version's rendering from the old one). */
  version: string;
}

/** At most actual size (a CSS pixel per point): larger pages would no longer fit the window to place boxes on. */
const MAX_SCALE = 1;

export function PlacementEditor({ pdf, pages, page, onPage, boxes, selected, onSelect, onChange, onRemove, onSnap, snapStep, docName, version }: Props) {
  const { t } = useTranslation();
  const helpId = useId();
  const stage = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [renderError, setRenderError] = useState<string | null>(null);
  const [snapText, setSnapText] = useState('');
  const [snapping, setSnapping] = useState(false);
  const frame = pages[page - 1];

  useEffect(() => {
    const el = stage.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const scale = frame && width > 0 ? Math.min(MAX_SCALE, width / viewSize(frame, 1).width) : 0;
  const size = frame && scale > 0 ? viewSize(frame, scale) : null;

  const snap = async () => {
    if (!onSnap || !snapText.trim()) return;
    setSnapping(true);
    try {
      await onSnap(snapText.trim());
    } finally {
      setSnapping(false);
    }
  };

  return (
    <Flex vertical gap={12} data-testid="placement-editor">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space>
          <Button
            icon={<LeftOutlined />}
            aria-label={t('documents.placement.previous')}
            disabled={page <= 1}
            onClick={() => onPage(page - 1)}
            data-testid="page-previous"
          />
          <Typography.Text data-testid="page-indicator" aria-live="polite">
            {t('documents.placement.pageOf', { page, pages: pages.length })}
          </Typography.Text>
          <Button
            icon={<RightOutlined />}
            aria-label={t('documents.placement.next')}
            disabled={page >= pages.length}
            onClick={() => onPage(page + 1)}
            data-testid="page-next"
          />
        </Space>
        {onSnap && (
          <Space.Compact>
            <Input
              aria-label={t('documents.placement.snapText')}
              placeholder="甲方（盖章）"
              value={snapText}
              onChange={(e) => setSnapText(e.target.value)}
              onPressEnter={() => void snap()}
              style={{ width: 180 }}
              data-testid="snap-text"
            />
            <Button icon={<AimOutlined />} onClick={() => void snap()} loading={snapping} disabled={!snapStep || !snapText.trim()} data-testid="snap-submit">
              {snapStep ? t('documents.placement.snap', { step: snapStep }) : t('documents.placement.snapPick')}
            </Button>
          </Space.Compact>
        )}
      </Flex>
      <div ref={stage} className="affix-placement-stage-wrap">
        {!frame ? (
          <Empty description={t('documents.placement.noPages')} />
        ) : (
          size && (
            <div
              className="affix-placement-stage"
              style={{ width: size.width, height: size.height }}
              data-testid="placement-stage"
              data-scale={scale}
              data-rotate={frame.rotate}
              data-version={version}
            >
              <PageCanvas
                pdf={pdf}
                page={page}
                scale={scale}
                label={t('documents.placement.pageImage', { name: docName, page, pages: pages.length })}
                busyLabel={t('signPlacement.rendering')}
                onError={setRenderError}
              />
              {boxes
                .filter((b) => b.box.page === page)
                .map((b) => (
                  <PlacementBox
                    key={b.key}
                    placed={b}
                    frame={frame}
                    scale={scale}
                    selected={b.key === selected}
                    helpId={helpId}
                    onSelect={() => onSelect(b.key)}
                    onChange={(box) => onChange(b.key, box)}
                    onRemove={() => onRemove(b.key)}
                  />
                ))}
            </div>
          )
        )}
      </div>
      {renderError && <Alert type="error" showIcon title={t('documents.placement.renderFailed')} description={renderError} />}
      {onSnap && (
        <Typography.Text type="secondary" id={helpId}>
          {t('documents.placement.help')}
        </Typography.Text>
      )}
    </Flex>
  );
}
