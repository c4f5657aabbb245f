/**
 * A state shown as a tag that stays readable (WCAG AA). antd's coloured tags
 * draw their text in the 6th/7th shade of the hue, which fails AA contrast on
 * the tag's own pale background. So a tag either keeps the hue and draws its
 * text in the 8th shade, or (`quiet`, for rows of several states) stays
 * neutral with dark text and lets only its icon carry the colour.
 */
import { Tag, theme } from 'antd';
import type { ComponentType, CSSProperties, ReactNode } from 'react';

type ThemeToken = ReturnType<typeof theme.useToken>['token'];

const TONES = {
  ok: { color: 'green', text: '#237804', icon: (t: ThemeToken) => t.colorSuccess },
  warning: { color: 'gold', text: '#874d00', icon: (t: ThemeToken) => t.colorWarning },
  error: { color: 'red', text: '#a8071a', icon: (t: ThemeToken) => t.colorError },
  info: { color: 'blue', text: '#003eb3', icon: (t: ThemeToken) => t.colorInfo },
  neutral: { color: 'default', text: undefined, icon: (t: ThemeToken) => t.colorTextSecondary },
} as const;

export type Tone = keyof typeof TONES;

/** An antd icon component; the tag colours it and hides it from screen readers (the text says the state). */
export type StateIcon = ComponentType<{ style?: CSSProperties; 'aria-hidden'?: boolean }>;

interface Props {
  tone: Tone;
  icon?: StateIcon;
  /** A neutral tag whose icon alone is coloured. */
  quiet?: boolean;
  children: ReactNode;
  'data-testid'?: string;
  [data: `data-${string}`]: string | undefined;
}

export function StateTag({ tone, icon: Icon, quiet = false, children, ...data }: Props) {
  const { token } = theme.useToken();
  const { color, text, icon } = TONES[tone];
  const glyph = Icon && <Icon aria-hidden style={quiet ? { color: icon(token) } : undefined} />;
  return (
    <Tag color={quiet ? undefined : color} icon={glyph} style={!quiet && text ? { color: text } : undefined} {...data}>
      {children}
    </Tag>
  );
}
