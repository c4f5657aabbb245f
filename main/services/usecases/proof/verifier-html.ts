/**
 * verify.html as built by build/scripts/build.mjs (the standalone proof-package
 * verifier put into every package), with a font of the Chinese characters it
 * can show: its own (the catalogue it carries) and this package's (document
 * name, signers, disclosed values), so a clerk's machine without CJK fonts
 * still reads it. The font fills the page's FONT placeholder as a data: URL.
 */
import { builtPage } from '../../core/fs/built-page';

const FONT_SLOT = '/*FONT*/';
let page: string | null = null;
let last: { text: string; html: Uint8Array } | null = null;

/** verify.html for a package whose own strings are `packageText`. */
export async function verifierHtml(packageText: string): Promise<Uint8Array> {
  page ??= builtPage('verify.html', 'The standalone verifier');
  // The bundle writes its strings (the catalogue) as \uXXXX escapes: the characters are those they stand for.
  const text = page.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) + packageText;
  if (last?.text === text) return last.html;
  // Imported here: reading glyph outlines (fontkit) is export work only.
  const { webFontFor } = await import('../../engines/appearance/web-font');
  const { ttf } = webFontFor(text);
  const face = `@font-face { font-family: "Affix CJK"; src: url(data:font/ttf;base64,${Buffer.from(ttf).toString('base64')}) format("truetype"); }`;
  const html = new TextEncoder().encode(page.replace(FONT_SLOT, () => face));
  last = { text, html };
  return html;
}
