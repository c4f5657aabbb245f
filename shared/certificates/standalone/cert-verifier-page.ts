/**
 * cert-verifier.html: one offline page that reads a certificate's QR code
 * (an image file or the camera, decoded with jsQR) and gives the same
 * verdict as `affix cert verify` — the very same shared code — against the
 * office keys pinned in the page (or loaded) and the status lists loaded.
 * Everything shown is set as text, never as HTML.
 */
import jsQR from 'jsqr';
import { parseOfficeKeys, type OfficeKey } from '../office-keys';
import { translate, type Language } from '../../i18n';
import { applyPageText, pageLanguage } from '../../i18n/page-language';
import { NotACertificateCode, verifyCertificateQr, type CertVerification } from '../verify-certificate';

let lang: Language = pageLanguage();
const $ = <E extends HTMLElement>(id: string): E => document.getElementById(id) as E;
/** This page's words, from the one catalogue (shared/i18n, section certVerifierHtml). */
const t = (key: string, vars: Record<string, string | number> = {}): string => translate(lang, `certVerifierHtml.${key}`, vars);

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
  if (seconds < 7200) return t('ageMinutes', { n: Math.round(seconds / 60) });
  if (seconds < 172800) return t('ageHours', { n: Math.round(seconds / 3600) });
  return t('ageDays', { n: Math.round(seconds / 86400) });
}

function render(): void {
  applyPageText(lang);
  // Each language is named in itself, as on verify.html.
  $('lang').textContent = lang === 'zh-CN' ? 'English' : '中文';
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
  lang = lang === 'zh-CN' ? 'en' : 'zh-CN';
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
