/**
 * Language for the standalone pages (verify.html, cert-verifier.html): the
 * reader's choice (?lang=zh-CN|en, or the page's toggle), else the browser's
 * language. Their static words sit in the page as `data-t="key"` attributes
 * and are filled from the one catalogue.
 */
import { translate, type Language } from './index';

export function pageLanguage(): Language {
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked === 'en' || asked === 'zh-CN') return asked;
  return /^zh/i.test(navigator.language) ? 'zh-CN' : 'en';
}

/** Fills every `[data-t]` element's text (and `[data-t-title]` the document title) in `lang`. */
export function applyPageText(lang: Language): void {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll<HTMLElement>('[data-t]')) el.textContent = translate(lang, el.dataset.t!);
  const title = document.querySelector<HTMLElement>('[data-t-title]');
  if (title) document.title = translate(lang, title.dataset.tTitle!);
}
