/**
 * A drop zone for one file that also opens the file chooser (click, Enter or
 * Space). The window reads the file itself and hands its bytes on as base64:
 * the main process never needs a path it would have to trust, and a file
 * dragged from anywhere works the same as one chosen.
 */
import { InboxOutlined, LoadingOutlined } from '@ant-design/icons';
import { theme, Typography } from 'antd';
import { useId, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AffixCallError } from '../api';
import { formatBytes } from '../format';
import { useLanguage } from '../language';

export interface PickedFile {
  name: string;
  size: number;
  base64: string;
}

/** Larger files would be copied through IPC as one string several times their size. */
const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

/** Native base64 of a file (readAsDataURL), without the data-URL prefix. */
function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

export interface FileDropProps {
  /** What the zone asks for, e.g. "Drop a PDF here or press to choose one". */
  label: string;
  /** A second line: which files are accepted, what happens next. */
  hint?: string;
  /** The file chooser's filter (e.g. ".pdf,application/pdf"); dropped files are not filtered: the main process says what is wrong. */
  accept?: string;
  maxBytes?: number;
  disabled?: boolean;
  /** Called with the file's bytes; the zone shows itself busy until the returned promise settles. */
  onFile: (file: PickedFile) => Promise<unknown> | void;
  /** A file that could not be read, or is too large. */
  onError: (error: AffixCallError) => void;
  /** data-testid of the zone; the hidden input gets `${testId}-input`. */
  testId: string;
}

export function FileDrop({ label, hint, accept, maxBytes = DEFAULT_MAX_BYTES, disabled, onFile, onError, testId }: FileDropProps) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { token } = theme.useToken();
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const [chosen, setChosen] = useState<string | null>(null);
  const inactive = disabled || busy;

  const take = async (files: FileList | null) => {
    const file = files?.[0];
    if (!file || inactive) return;
    setChosen(file.name);
    if (file.size > maxBytes) {
      onError(
        new AffixCallError(
          'BAD_INPUT',
          t('fileDrop.tooLarge', { name: file.name, size: formatBytes(file.size, language), max: formatBytes(maxBytes, language) }),
        ),
      );
      return;
    }
    setBusy(true);
    try {
      let base64: string;
      try {
        base64 = await readAsBase64(file);
      } catch (e) {
        onError(new AffixCallError('BAD_INPUT', t('fileDrop.unreadable', { name: file.name, reason: e instanceof Error ? e.message : String(e) })));
        return;
      }
      await onFile({ name: file.name, size: file.size, base64 });
    } finally {
      setBusy(false);
    }
  };

  const choose = () => {
    if (!inactive) input.current?.click();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      choose();
    }
  };
  const onDragOver = (e: DragEvent) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = inactive ? 'none' : 'copy';
    setOver(true);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void take(e.dataTransfer.files);
  };

  return (
    <>
      <div
        role="button"
        tabIndex={disabled ? -1 : 0}
        aria-disabled={inactive || undefined}
        aria-busy={busy || undefined}
        aria-describedby={hint ? hintId : undefined}
        data-testid={testId}
        data-busy={busy || undefined}
        onClick={choose}
        onKeyDown={onKeyDown}
        onDragOver={onDragOver}
        onDragEnter={onDragOver}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        style={{
          border: `1px dashed ${over ? token.colorPrimary : token.colorBorder}`,
          background: over ? token.colorPrimaryBg : token.colorFillAlter,
          borderRadius: token.borderRadiusLG,
          padding: '16px 12px',
          textAlign: 'center',
          cursor: inactive ? 'not-allowed' : 'pointer',
          opacity: disabled ? 0.6 : 1,
          transition: 'border-color 0.2s, background 0.2s',
        }}
      >
        <div style={{ fontSize: 32, color: token.colorPrimary, lineHeight: 1 }} aria-hidden>
          {busy ? <LoadingOutlined /> : <InboxOutlined />}
        </div>
        <Typography.Text strong style={{ display: 'block', marginTop: 8 }}>
          {busy ? t('fileDrop.reading', { name: chosen }) : label}
        </Typography.Text>
        {hint && (
          <Typography.Text type="secondary" id={hintId} style={{ display: 'block' }}>
            {hint}
          </Typography.Text>
        )}
        {chosen && !busy && (
          <Typography.Text type="secondary" className="affix-mono" data-testid={`${testId}-name`} style={{ display: 'block', marginTop: 4 }}>
            {t('fileDrop.chosen', { name: chosen })}
          </Typography.Text>
        )}
      </div>
      <input
        ref={input}
        type="file"
        accept={accept}
        hidden
        // antd's form styles give input[type=file] display:block, which beats the hidden attribute
        // inside a Form.Item and showed the browser's own English "Choose File" button.
        style={{ display: 'none' }}
        tabIndex={-1}
        aria-hidden
        data-testid={`${testId}-input`}
        onChange={(e) => {
          void take(e.target.files);
          // Choosing the same file again must fire again.
          e.target.value = '';
        }}
      />
    </>
  );
}
