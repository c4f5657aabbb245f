/** A code, hash or key in the monospace face, optionally copyable. */
import { Typography } from 'antd';

export const Mono = ({ children, copy, testId }: { children: string; copy?: boolean; testId?: string }) => (
  <Typography.Text className="affix-mono" copyable={copy ? { text: children } : false}>
    <span data-testid={testId}>{children}</span>
  </Typography.Text>
);

export const short = (hex: string): string => `${hex.slice(0, 16)}…`;
