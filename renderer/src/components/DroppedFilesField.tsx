/**
 * Files for a form field, dropped or chosen (never typed as paths): each file
 * the window reads is handed to the main process (files.drop), and the field
 * holds the handles it gets back. Works as an antd Form.Item control.
 */
import { Flex, Tag } from 'antd';
import { useState } from 'react';
import type { ChosenFile } from '../../../shared/contract/files';
import { type AffixCallError, affix, unwrap } from '../api';
import { formatBytes } from '../format';
import { useLanguage } from '../language';
import { ErrorAlert } from './ErrorAlert';
import { FileDrop } from './FileDrop';

export interface DroppedFilesFieldProps {
  value?: ChosenFile[];
  onChange?: (files: ChosenFile[]) => void;
  label: string;
  hint?: string;
  accept?: string;
  max?: number;
  testId: string;
}

export function DroppedFilesField({ value = [], onChange, label, hint, accept, max = 10, testId }: DroppedFilesFieldProps) {
  const { language } = useLanguage();
  const [error, setError] = useState<AffixCallError | null>(null);
  return (
    <Flex vertical gap={8}>
      <FileDrop
        label={label}
        hint={hint}
        accept={accept}
        disabled={value.length >= max}
        testId={testId}
        onError={setError}
        onFile={async (file) => {
          setError(null);
          try {
            const chosen = await unwrap(affix().files.drop({ name: file.name, base64: file.base64 }));
            onChange?.([...value, chosen]);
          } catch (e) {
            setError(e as AffixCallError);
          }
        }}
      />
      {value.length > 0 && (
        <Flex gap={4} wrap data-testid={`${testId}-list`}>
          {value.map((f) => (
            <Tag key={f.handle} closable onClose={() => onChange?.(value.filter((v) => v.handle !== f.handle))} data-testid={`${testId}-file`}>
              {f.name} · {formatBytes(f.size, language)}
            </Tag>
          ))}
        </Flex>
      )}
      {error && <ErrorAlert error={error} />}
    </Flex>
  );
}
