/**
 * cert-verifier.html: one offline page that reads a certificate's QR code
 * (an image file or the camera, decoded with jsQR) and gives the same
 * verdict as `affix cert verify` — the very same shared code — against the
 * office keys pinned in the page (or loaded) and the status lists loaded.
 * Everything shown is set as text, never as HTML.
 */
import jsQR from 'jsqr';
import { parseOfficeKeys, type OfficeKey } from '../office-keys';
import { NotACertificateCode, verifyCertificateQr, type CertVerification } from '../verify-certificate';

type Lang = 'zh' | 'en';
const T: Record<string, Record<Lang, string>> = {
  title: { zh: '电子证照离线核验', en: 'Offline certificate verifier' },
  intro: {
    zh: '本页面不联网：读取证照上的二维码，用预置的发证机关公钥核验签名，并对照已加载的状态列表检查是否已撤销。',
    en: "This page uses no network: it reads the certificate's QR code, checks its signature against the pinned office keys and looks it up in the status lists loaded.",
  },
  keys: { zh: '发证机关公钥', en: 'Office keys' },
  lists: { zh: '状态列表（撤销列表）', en: 'Status lists (revocation)' },
  code: { zh: '证照二维码', en: "The certificate's QR code" },
  image: { zh: '选择照片或扫描件：', en: 'Choose a photo or scan:' },
  camera: { zh: '用摄像头扫描', en: 'Scan with the camera' },
  paste: { zh: '或粘贴二维码内容（AFX1:…）：', en: 'Or paste the QR text (AFX1:…):' },
  check: { zh: '核验', en: 'Verify' },
  pinned: { zh: '已预置 {n} 个机关公钥', en: '{n} office key(s) pinned' },
  listsLoaded: { zh: '已加载 {n} 个状态列表', en: '{n} status list(s) loaded' },
  noQr: { zh: '图片中未找到二维码', en: 'No QR code found in the image' },
  notOurs: { zh: '这不是 Affix 电子证照二维码', en: 'This is not an Affix certificate code' },
  VALID: { zh: '有效', en: 'VALID' },
  REVOKED: { zh: '已撤销', en: 'REVOKED' },
  FAILED: { zh: '核验失败', en: 'FAILED' },
  INDETERMINATE: { zh: '无法确定', en: 'INDETERMINATE' },
  number: { zh: '证照编号', en: 'Number' },
  type: { zh: '证照类型', en: 'Type' },
  holder: { zh: '持证主体', en: 'Holder' },
  holderId: { zh: '主体代码', en: 'Holder number' },
  issuer: { zh: '发证机关', en: 'Issuer' },
  issued: { zh: '签发时间', en: 'Issued' },
  validUntil: { zh: '有效期至', en: 'Valid until' },
  list: { zh: '状态列表', en: 'Status list' },
  age: { zh: '{d}（距今 {a}）', en: '{d} ({a} old)' },
  cameraError: { zh: '无法打开摄像头', en: 'The camera cannot be opened' },
};

let lang: Lang = navigator.language.startsWith('zh') ? 'zh' : 'en';
const $ = <E extends HTMLElement>(id: string): E => document.getElementById(id) as E;
const t = (key: string, vars: Record<string, string | number> = {}): string =>
  (T[key]?.[lang] ?? key).replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));

let pinned: OfficeKey[] = [];
let loaded: OfficeKey[] = [];
const lists: Uint8Array[] = [];
let last: CertVerification | null = null;

try {
  const text = $('pinned-keys').textContent ?? '';
  if (text.trim().startsWith('{')) pinned = parseOfficeKeys(new TextEncoder().encode(text));
} catch {
  pinned = [];
}

function age(seconds: number): string {
  if (seconds < 7200) return lang === 'zh' ? `${Math.round(seconds / 60)} 分钟` : `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return lang === 'zh' ? `${Math.round(seconds / 3600)} 小时` : `${Math.round(seconds / 3600)} h`;
  return lang === 'zh' ? `${Math.round(seconds / 86400)} 天` : `${Math.round(seconds / 86400)} days`;
}

function render(): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  $('lang').textContent = lang === 'zh' ? 'English' : '中文';
  for (const el of document.querySelectorAll<HTMLElement>('[data-t]')) el.textContent = t(el.dataset.t!);
  $('pinned').textContent = t('pinned', { n: pinned.length + loaded.length });
  $('listInfo').textContent = t('listsLoaded', { n: lists.length });
  const v = last;
  const claims = $('claims');
  const checks = $('checks');
  claims.replaceChildren();
  checks.replaceChildren();
  $('verdict').textContent = v ? t(v.verdict) : '';
  $('verdict').dataset.v = v?.verdict ?? '';
  $('reason').textContent = v?.reason ?? '';
  if (!v) return;
  const row = (k: string, value: string | undefined): void => {
    if (!value) return;
    const dt = document.createElement('dt');
    dt.textContent = t(k);
    const dd = document.createElement('dd');
    dd.textContent = value;
    claims.append(dt, dd);
  };
  const c = v.claims;
  if (c) {
    row('number', c.number);
    row('type', c.type);
    row('holder', c.holder);
    row('holderId', c.holderId);
    row('issuer', `${v.office?.name ?? ''} ${c.issuerUscc}`);
    row('issued', new Date(c.issuedAt * 1000).toISOString());
    row('validUntil', c.validUntil ? new Date(c.validUntil * 1000).toISOString().slice(0, 10) : undefined);
  }
  if (v.statusList) row('list', t('age', { d: v.statusList.issuedAt, a: age(v.statusList.ageSeconds) }));
  for (const ch of v.checks) {
    const li = document.createElement('li');
    li.textContent = `${ch.ok === true ? '✔' : ch.ok === false ? '✖' : '?'} ${ch.id}: ${ch.detail}`;
    checks.append(li);
  }
}

async function verify(text: string): Promise<void> {
  $('status').textContent = '';
  try {
    last = await verifyCertificateQr(text, { offices: [...pinned, ...loaded], statusLists: lists });
  } catch (error) {
    last = null;
    $('status').textContent = error instanceof NotACertificateCode ? t('notOurs') : String((error as Error).message);
  }
  render();
}

function scan(data: ImageData): string | null {
  return jsQR(data.data, data.width, data.height, { inversionAttempts: 'attemptBoth' })?.data ?? null;
}

async function fromImage(file: File): Promise<void> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, 2400 / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  const text = scan(ctx.getImageData(0, 0, canvas.width, canvas.height));
  if (!text) {
    last = null;
    render();
    $('status').textContent = t('noQr');
    return;
  }
  ($('qr') as HTMLTextAreaElement).value = text;
  await verify(text);
}

async function startCamera(): Promise<void> {
  const video = $('video') as HTMLVideoElement;
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
  } catch {
    $('status').textContent = t('cameraError');
    return;
  }
  video.srcObject = stream;
  video.hidden = false;
  await video.play();
  const canvas = document.createElement('canvas');
  const tick = async (): Promise<void> => {
    if (video.videoWidth > 0) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      ctx.drawImage(video, 0, 0);
      const text = scan(ctx.getImageData(0, 0, canvas.width, canvas.height));
      if (text) {
        for (const track of stream.getTracks()) track.stop();
        video.hidden = true;
        ($('qr') as HTMLTextAreaElement).value = text;
        await verify(text);
        return;
      }
    }
    setTimeout(() => void tick(), 200);
  };
  void tick();
}

const bytesOf = async (f: File): Promise<Uint8Array> => new Uint8Array(await f.arrayBuffer());

$('lang').addEventListener('click', () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  render();
});
async function loadKeys(e: Event): Promise<void> {
  const f = (e.target as HTMLInputElement).files?.[0];
  if (!f) return;
  try {
    loaded = parseOfficeKeys(await bytesOf(f));
    $('status').textContent = '';
  } catch (error) {
    $('status').textContent = (error as Error).message;
  }
  render();
}
async function loadLists(e: Event): Promise<void> {
  for (const f of (e.target as HTMLInputElement).files ?? []) lists.push(await bytesOf(f));
  render();
  const text = ($('qr') as HTMLTextAreaElement).value.trim();
  if (text) await verify(text);
}
$('keysFile').addEventListener('change', (e) => void loadKeys(e));
$('listFile').addEventListener('change', (e) => void loadLists(e));
$('image').addEventListener('change', (e) => {
  const f = (e.target as HTMLInputElement).files?.[0];
  if (f) void fromImage(f);
});
$('camera').addEventListener('click', () => void startCamera());
$('check').addEventListener('click', () => void verify(($('qr') as HTMLTextAreaElement).value.trim()));
render();

/** For tests driving the page: the last verdict. */
(globalThis as unknown as { affixCertVerifier: unknown }).affixCertVerifier = { verify, last: () => last };
