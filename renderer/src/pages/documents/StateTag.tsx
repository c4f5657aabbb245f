import { Tag } from 'antd';
import type { ReactNode } from 'react';

/**
 * antd's coloured tags draw their text in the 6th/7th shade of the hue, which
 * fails WCAG AA contrast on the tag's own pale background; these use the 8th.
 */
const TONES = {
  ok: { color: 'green', text: '#237804' },
  wait: { color: 'gold', text: '#874d00' },
  info: { color: 'blue', text: '#003eb3' },
  plain: { color: 'default', text: undefined },
} as const;

export type Tone = keyof typeof TONES;

export function StateTag({ tone, icon, children, ...rest }: { tone: Tone; icon?: ReactNode; children: ReactNode; 'data-testid'?: string; 'data-anchored'?: string }) {
  const { color, text } = TONES[tone];
  return (
    <Tag color={color} icon={icon} style={text ? { color: text } : undefined} {...rest}>
      {children}
    </Tag>
  );
}
