/**
 * The rule for "no English on a Chinese page or report": a Latin-script
 * sentence is three or more consecutive words, where a word is a token of
 * Latin letters only, lower case after its first letter (optionally wrapped
 * in ( ) " ' or followed by , . ; : ! ?). Codes (TOTAL-FAILED, HASH_FAILURE,
 * PDF), hashes and key ids (contain digits), file names (contain a dot inside),
 * paths, CamelCase names and two-word names are therefore never sentences.
 * Tokens are split at white space and at every character outside Latin
 * script, so "签章由Alice完成" has the lone word "Alice".
 */
const WORD = /^[("'“]*[A-Za-z][a-z]+[)"'”]*[,.;:!?]*$/;

/** Every Latin-script sentence in `text` (empty when there is none), except the names in `allowed`. */
export function latinSentences(text: string, allowed: readonly string[] = []): string[] {
  let rest = text;
  for (const name of allowed) rest = rest.split(name).join(' ');
  const tokens = rest.split(/[^\x21-\x7e]+/).filter((t) => t.length > 0);
  const found: string[] = [];
  let run: string[] = [];
  const close = (): void => {
    if (run.length >= 3) found.push(run.join(' '));
    run = [];
  };
  for (const token of tokens) {
    if (WORD.test(token)) {
      run.push(token);
      // A sentence ends at its full stop; the next word starts a new run.
      if (/[.!?]$/.test(token)) close();
    } else close();
  }
  close();
  return found;
}
