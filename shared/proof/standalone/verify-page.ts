/**
 * The script of verify.html: reads a package chosen or dropped by the user
 * (FileReader, no network), runs the shared `verifyPackage` and shows each
 * check's verdict — the same code and verdicts as `affix proof verify`.
 */
import { TrustPolicySchema, type TrustPolicy } from '../evidence';
import { CHECK_TITLES, readerTimes, renderProofReport, VERDICT_LABELS, type ProofReport } from '../proof-report';
import { verifyPackage } from '../verify-package';
import { parseWitnessKeys } from '../trust-anchor';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

let policy: TrustPolicy | undefined;

async function readFile(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

function show(report: ProofReport): void {
  const overall = $('overall');
  overall.dataset.verdict = report.verdict;
  overall.textContent = `总体结论 / Overall: ${VERDICT_LABELS[report.verdict].zh} / ${VERDICT_LABELS[report.verdict].en}`;
  const list = $('checks');
  list.replaceChildren();
  for (const c of report.checks) {
    const box = document.createElement('section');
    box.className = 'check';
    box.dataset.check = c.id;
    box.dataset.verdict = c.verdict;
    const h = document.createElement('h3');
    h.textContent = `${VERDICT_LABELS[c.verdict].zh} ${VERDICT_LABELS[c.verdict].en} — ${CHECK_TITLES[c.id].zh} / ${CHECK_TITLES[c.id].en}`;
    const ul = document.createElement('ul');
    c.messages.forEach((m, i) => {
      const li = document.createElement('li');
      // A bilingual page: the Chinese message, the English one under it when it differs; Beijing time with UTC beside it serves both readers.
      const zh = c.messagesZh?.[i] ?? m;
      li.textContent = readerTimes(zh, 'zh');
      if (zh !== m) {
        const en = document.createElement('span');
        en.lang = 'en';
        en.className = 'en';
        en.textContent = readerTimes(m, 'zh');
        li.append(document.createElement('br'), en);
      }
      ul.append(li);
    });
    box.append(h, ul);
    list.append(box);
  }
  const text = $('text');
  text.textContent = JSON.stringify(report);
}

async function check(file: File): Promise<void> {
  const status = $('status');
  status.textContent = `正在核验 / Verifying ${file.name}…`;
  $('overall').textContent = '';
  $('checks').replaceChildren();
  try {
    // Witness keys the clerk pinned (e.g. their own court's witness): trust from outside the package.
    const keyLines = $<HTMLTextAreaElement>('witness-keys').value.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
    const quorum = Number($<HTMLInputElement>('witness-quorum').value) || 1;
    const report = await verifyPackage(await readFile(file), { trustPolicy: policy, witnessKeys: parseWitnessKeys(keyLines), witnessQuorum: quorum });
    show(report);
    status.textContent = `${file.name}`;
    status.dataset.state = 'done';
    console.info(renderProofReport(report));
  } catch (error) {
    status.textContent = `无法读取证据包 / Cannot read the package: ${error instanceof Error ? error.message : String(error)}`;
    status.dataset.state = 'error';
  }
}

$<HTMLInputElement>('file').addEventListener('change', (e) => {
  const f = (e.target as HTMLInputElement).files?.[0];
  if (f) void check(f);
});
async function loadPolicy(e: Event): Promise<void> {
  const f = (e.target as HTMLInputElement).files?.[0];
  if (!f) return;
  try {
    policy = TrustPolicySchema.parse(JSON.parse(new TextDecoder().decode(await readFile(f))));
    $('status').textContent = `信任策略已载入 / Trust policy loaded: ${f.name}`;
  } catch (error) {
    policy = undefined;
    $('status').textContent = `信任策略无效 / Invalid trust policy: ${error instanceof Error ? error.message : String(error)}`;
  }
}
$<HTMLInputElement>('policy').addEventListener('change', (e) => void loadPolicy(e));
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
