import { CheckCircleFilled, ExclamationCircleFilled, LockOutlined, UnlockOutlined } from '@ant-design/icons';
import { Tag, theme } from 'antd';
import type { ReactNode } from 'react';

const ICONS = { ok: CheckCircleFilled, warning: ExclamationCircleFilled, locked: LockOutlined, open: UnlockOutlined } as const;

/**
 * A state shown as a neutral tag with a coloured icon. antd's coloured tags
 * draw their text in light green or orange, which fails WCAG AA contrast; the
 * icon carries the colour and the text stays dark.
 */
export function StateTag({ kind, children, testId, value }: { kind: keyof typeof ICONS; children: ReactNode; testId?: string; value?: string }) {
  const { token } = theme.useToken();
  const Icon = ICONS[kind];
  const color = kind === 'ok' ? token.colorSuccess : kind === 'warning' ? token.colorWarning : token.colorTextSecondary;
  return (
    <Tag icon={<Icon style={{ color }} aria-hidden />} data-testid={testId} data-value={value}>
      {children}
    </Tag>
  );
}
