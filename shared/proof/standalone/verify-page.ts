/**
 * The script of verify.html: reads a package chosen or dropped by the user
 * (FileReader, no network), runs the shared `verifyPackage` and shows each
 * check's verdict — the same code and verdicts as `affix proof verify` — in
 * the reader's language from the one catalogue, times in Beijing time for a
 * Chinese reader. Its trust inputs are the CLI's: a trust policy
 * (--trust-policy), witness keys (--witness-key) and TSA roots (--trust).
 */
import { say, toLanguage, translate, type Language, type ReportLanguage } from '../../i18n';
import { applyPageText, pageLanguage } from '../../i18n/page-language';
import { TrustPolicySchema, type TrustPolicy } from '../evidence';
import { checkTitle, readerTimes, renderProofReport, verdictLabel, type ProofReport } from '../proof-report';
import { verifyPackage } from '../verify-package';
import { parseWitnessKeys } from '../trust-anchor';
import { trustAnchorsIn } from '../trust-files';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

let policy: TrustPolicy | undefined;
/** The TSA roots the clerk trusts: what `affix proof verify --trust` takes, read and used the same way. */
let tsaRoots: Uint8Array[] = [];
let lang: Language = pageLanguage();
let last: ProofReport | null = null;
const short = (): ReportLanguage => (lang === 'zh-CN' ? 'zh' : 'en');

async function readFile(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

function show(report: ProofReport): void {
  const overall = $('overall');
  overall.dataset.verdict = report.verdict;
  overall.textContent = translate(lang, 'verifyHtml.overall', { verdict: verdictLabel(report.verdict, short()) });
  const list = $('checks');
  list.replaceChildren();
  for (const c of report.checks) {
    const box = document.createElement('section');
    box.className = 'check';
    box.dataset.check = c.id;
    box.dataset.verdict = c.verdict;
    const h = document.createElement('h3');
    h.textContent = `${verdictLabel(c.verdict, short())} — ${checkTitle(c.id, short())}`;
    const ul = document.createElement('ul');
    for (const m of c.findings) {
      const li = document.createElement('li');
      li.textContent = readerTimes(say(lang, m), short());
      ul.append(li);
    }
    box.append(h, ul);
    list.append(box);
  }
  $('text').textContent = JSON.stringify(report);
}

function render(): void {
  applyPageText(lang);
  $('lang').textContent = lang === 'zh-CN' ? 'English' : '中文';
  $('lang').lang = lang === 'zh-CN' ? 'en' : 'zh-CN';
  if (last) show(last);
}

async function check(file: File): Promise<void> {
  const status = $('status');
  status.textContent = translate(lang, 'verifyHtml.verifying', { name: file.name });
  $('overall').textContent = '';
  $('checks').replaceChildren();
  try {
    // Witness keys the clerk pinned (e.g. their own court's witness): trust from outside the package.
    const keyLines = $<HTMLTextAreaElement>('witness-keys')
      .value.split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
    const quorum = Number($<HTMLInputElement>('witness-quorum').value) || 1;
    const report = await verifyPackage(await readFile(file), {
      trustPolicy: policy,
      witnessKeys: parseWitnessKeys(keyLines),
      witnessQuorum: quorum,
      trustAnchors: tsaRoots,
    });
    last = report;
    show(report);
    status.textContent = `${file.name}`;
    status.dataset.state = 'done';
    console.info(renderProofReport(report, short()));
  } catch (error) {
    status.textContent = translate(lang, 'verifyHtml.unreadable', { detail: error instanceof Error ? error.message : String(error) });
    status.dataset.state = 'error';
  }
}

$('lang').addEventListener('click', () => {
  lang = toLanguage(lang === 'zh-CN' ? 'en' : 'zh');
  render();
});
$<HTMLInputElement>('file').addEventListener('change', (e) => {
  const input = e.target as HTMLInputElement;
  const f = input.files?.[0];
  // Cleared, so choosing the same package again (after changing a trust input) verifies it again.
  input.value = '';
  if (f) void check(f);
});
async function loadPolicy(e: Event): Promise<void> {
  const f = (e.target as HTMLInputElement).files?.[0];
  if (!f) return;
  try {
    policy = TrustPolicySchema.parse(JSON.parse(new TextDecoder().decode(await readFile(f))));
    $('status').textContent = translate(lang, 'verifyHtml.policyLoaded', { name: f.name });
  } catch (error) {
    policy = undefined;
    $('status').textContent = translate(lang, 'verifyHtml.policyInvalid', { detail: error instanceof Error ? error.message : String(error) });
  }
}
$<HTMLInputElement>('policy').addEventListener('change', (e) => void loadPolicy(e));
async function loadTsaRoots(e: Event): Promise<void> {
  const files = [...((e.target as HTMLInputElement).files ?? [])];
  const roots: Uint8Array[] = [];
  for (const f of files) {
    try {
      roots.push(...trustAnchorsIn(await readFile(f), f.name));
    } catch {
      tsaRoots = [];
      $('status').textContent = translate(lang, 'verifyHtml.tsaInvalid', { name: f.name });
      return;
    }
  }
  tsaRoots = roots;
  $('status').textContent = translate(lang, 'verifyHtml.tsaLoaded', { n: roots.length });
}
$<HTMLInputElement>('tsa-roots').addEventListener('change', (e) => void loadTsaRoots(e));
const drop = $('drop');
drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  const f = e.dataTransfer?.files[0];
  if (f) void check(f);
});
render();
