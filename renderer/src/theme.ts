import type { ThemeConfig } from 'antd';

/** Seal red: restrained, close to the vermilion of a Chinese company seal. */
export const SEAL_RED = '#c8161d';

/** Latin first, then the CJK faces of each platform (macOS, Windows, Linux). */
export const FONT_STACK = [
  '-apple-system',
  'BlinkMacSystemFont',
  "'Segoe UI'",
  "'Helvetica Neue'",
  'Arial',
  "'PingFang SC'",
  "'Hiragino Sans GB'",
  "'Microsoft YaHei'",
  "'Noto Sans CJK SC'",
  "'Source Han Sans SC'",
  "'WenQuanYi Micro Hei'",
  'sans-serif',
].join(', ');

export const theme: ThemeConfig = {
  token: {
    colorPrimary: SEAL_RED,
    colorLink: SEAL_RED,
    colorInfo: '#1d4e89',
    fontFamily: FONT_STACK,
    borderRadius: 6,
    colorBgLayout: '#f5f5f4',
    // antd's default greys (45% black) fail WCAG AA contrast on the page background; these pass.
    colorTextSecondary: 'rgba(0, 0, 0, 0.64)',
    colorTextDescription: 'rgba(0, 0, 0, 0.64)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.5)',
    // antd's default error red (#ff4d4f) gives danger buttons' text 3.3:1 on white; red-8 passes AA.
    colorError: '#a8071a',
  },
  components: {
    Layout: { siderBg: '#ffffff', headerBg: '#ffffff', bodyBg: '#f5f5f4' },
    Menu: { itemSelectedBg: '#fbeaea', itemSelectedColor: SEAL_RED, itemBorderRadius: 6 },
    Descriptions: { labelBg: '#fafaf9' },
    // An empty table's message is drawn in the "disabled" grey (25% black), which fails WCAG AA; it is text people must read.
    Table: { colorTextDisabled: 'rgba(0, 0, 0, 0.6)' },
    // A busy button (signing, cancelling) is faded to 65% by default, which drops its label below WCAG AA; the spinner already says it is busy.
    Button: { opacityLoading: 1 },
  },
};
