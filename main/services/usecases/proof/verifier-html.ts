/**
 * verify.html as built by build/scripts/build.mjs (the standalone proof-package
 * verifier put into every package), with a font of the Chinese characters it
 * can show: its own (the catalogue it carries) and this package's (document
 * name, signers, disclosed values), so a clerk's machine without CJK fonts
 * still reads it. The font fills the page's FONT placeholder as a data: URL.
 */
import zhCN from '../../../../shared/i18n/zh-CN.json';
import { formatInstant } from '../../../../shared/proof/reader-time';
import { builtPage } from '../../core/fs/built-page';

const FONT_SLOT = '/*FONT*/';
let page: string | null = null;
let last: { text: string; html: Uint8Array } | null = null;

/** verify.html for a package whose own strings are `packageText`. */
export async function verifierHtml(packageText: string): Promise<Uint8Array> {
  page ??= builtPage('verify.html', 'The standalone verifier');
  // What the page can show in Chinese: its template, the catalogue it carries (the bundle holds it as
  // \\u escapes among other escaped data that is no text), and this package's strings.
  // Times name their zone in words too ("北京时间"), written by shared/proof/reader-time.ts.
  const text = page.slice(0, page.indexOf('<script>')) + JSON.stringify(zhCN) + formatInstant('2026-01-01T00:00:00Z', 'zh') + packageText;
  if (last?.text === text) return last.html;
  // Imported here: reading glyph outlines (fontkit) is export work only.
  const { webFontFor } = await import('../../engines/appearance/web-font');
  const { ttf } = webFontFor(text);
  const face = `@font-face { font-family: "Affix CJK"; src: url(data:font/ttf;base64,${Buffer.from(ttf).toString('base64')}) format("truetype"); }`;
  const html = new TextEncoder().encode(page.replace(FONT_SLOT, () => face));
  last = { text, html };
  return html;
}
