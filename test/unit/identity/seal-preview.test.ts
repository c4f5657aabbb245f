/**
 * seals.preview: the seal as the signing code draws it, rasterised in the
 * main process. The picture is not blank, is seal red where the ring, the
 * star and the text under it are, changes with the seal's name, matches
 * poppler's rendering (pdftoppm) of the same drawing, follows the seal type's
 * shape, and is the same for an organisation named by id or outright.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createAppRouter } from '../../../main/ipc/app-router';
import type { Router } from '../../../main/ipc/router';
import { openServices, type Services } from '../../../main/services/composition/container';
import { sealPreviewPdf } from '../../../main/services/engines/appearance/seal-preview';
import { tool } from '../../support/pdf-tools';
import { decodePng, type Pixels } from '../../support/png';
import { USCC, Workbench } from './fixtures';

const APP = { kind: 'frame', url: 'app://affix/index.html' } as const;
const ORG = '北京测试科技有限公司';
type Preview = { pngBase64: string; widthPx: number; heightPx: number; shape: string };

const red = ([r, g, b, a]: number[]): boolean => a > 128 && r > 170 && g < 90 && b < 90;
const bright = ([r, g, b]: number[]): boolean => r > 235 && g > 235 && b > 235;

function count(img: Pixels, test: (p: number[]) => boolean, [x0, y0, x1, y1] = [0, 0, img.width, img.height]): number {
  let n = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (test(img.at(x, y))) n++;
  return n;
}

const bench = new Workbench();
let services: Services;
let router: Router;
let orgId: string;

before(async () => {
  await bench.init();
  orgId = (await bench.createOrg()).id;
  services = openServices(bench.home);
  router = createAppRouter(services);
});
after(() => {
  services?.close();
  bench.cleanup();
});

async function preview(input: Record<string, unknown>): Promise<Preview & { img: Pixels }> {
  const r = await router.invoke('seals.preview', input, APP);
  assert.ok(r.ok, JSON.stringify(r));
  const v = r.value as Preview;
  return { ...v, img: decodePng(Buffer.from(v.pngBase64, 'base64')) };
}

describe('seals.preview', () => {
  it('draws a round seal in seal red: ring, star and the line under it, on white', async () => {
    const p = await preview({ legalName: ORG, uscc: USCC, type: 'contract', name: '合同专用章' });
    assert.deepEqual([p.widthPx, p.heightPx, p.shape, p.img.width, p.img.height], [320, 320, 'circle', 320, 320]);
    const total = p.img.width * p.img.height;
    const reds = count(p.img, red);
    assert.ok(reds > total * 0.05, `red pixels: ${reds} of ${total}`);
    assert.ok(count(p.img, bright) > total * 0.5, 'mostly paper');
    assert.ok(red(p.img.at(160, 160)), 'the star covers the centre');
    assert.ok(red(p.img.at(160, 2)) && red(p.img.at(2, 160)), 'the ring touches the edges');
    assert.ok(count(p.img, red, [100, 205, 220, 245]) > 300, 'text under the star');
    assert.ok(bright(p.img.at(5, 5)) && bright(p.img.at(314, 314)), 'corners outside the ring are blank');
  });

  it('changes where the seal name is drawn when the name changes, and nowhere near the ring', async () => {
    const a = await preview({ legalName: ORG, uscc: USCC, type: 'other', name: '合同专用章' });
    const b = await preview({ legalName: ORG, uscc: USCC, type: 'other', name: '人事专用章' });
    assert.notEqual(a.pngBase64, b.pngBase64);
    let band = 0;
    let elsewhere = 0;
    for (let y = 0; y < 320; y++) {
      for (let x = 0; x < 320; x++) {
        if (red(a.img.at(x, y)) === red(b.img.at(x, y))) continue;
        if (y >= 205 && y < 265 && x >= 60 && x < 260) band++;
        else elsewhere++;
      }
    }
    assert.ok(band > 200, `pixels changed under the star: ${band}`);
    assert.equal(elsewhere, 0, 'the ring, the arcs and the star are unchanged');
  });

  it("matches poppler's rendering of the same drawing", async (t) => {
    const face = { legalName: ORG, uscc: USCC, type: 'contract' as const, name: '合同专用章' };
    const p = await preview({ ...face });
    const { pdf } = await sealPreviewPdf(face);
    const pdfPath = bench.file('seal-preview.pdf');
    writeFileSync(pdfPath, pdf);
    const r = await tool('pdftoppm', ['-png', '-scale-to-x', '320', '-scale-to-y', '320', '-singlefile', pdfPath, bench.file('poppler')]);
    assert.equal(r.code, 0, r.stderr);
    const poppler = decodePng(readFileSync(bench.file('poppler.png')));
    assert.deepEqual([poppler.width, poppler.height], [320, 320]);
    let both = 0;
    let either = 0;
    for (let y = 0; y < 320; y++) {
      for (let x = 0; x < 320; x++) {
        const ours = red(p.img.at(x, y));
        const theirs = red(poppler.at(x, y));
        if (ours && theirs) both++;
        if (ours || theirs) either++;
      }
    }
    t.diagnostic(`seal-red areas of pdf.js and poppler overlap ${((100 * both) / either).toFixed(1)}%`);
    assert.ok(both / either > 0.8, `red areas overlap ${((100 * both) / either).toFixed(1)}% (${both}/${either})`);
  });

  it('draws finance seals as ellipses, in the size asked for', async () => {
    const p = await preview({ legalName: ORG, uscc: USCC, type: 'finance', name: '财务专用章', widthPx: 256 });
    assert.equal(p.shape, 'ellipse');
    assert.equal(p.widthPx, 256);
    assert.equal(p.heightPx, Math.ceil((256 * 85) / 128));
    assert.ok(red(p.img.at(128, 1)) && red(p.img.at(1, Math.floor(p.heightPx / 2))));
  });

  it('gives the same picture for the organisation named by id as named outright', async () => {
    const byId = await preview({ orgId, type: 'contract', name: '合同专用章' });
    const outright = await preview({ legalName: ORG, uscc: USCC, type: 'contract', name: '合同专用章' });
    assert.equal(byId.pngBase64, outright.pngBase64);
  });

  it('refuses what cannot be a seal, naming the problem', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ orgId: 'org-00000000-0000-0000-0000-000000000000', type: 'contract', name: 'x' }, 'NOT_FOUND', /org-00000000/],
      [{ legalName: '某'.repeat(41), type: 'contract', name: 'x' }, 'BAD_INPUT', /too long for a seal/],
      [{ legalName: '  ', type: 'contract', name: 'x' }, 'BAD_INPUT', /legalName/],
      [{ orgId, legalName: ORG, type: 'contract', name: 'x' }, 'BAD_INPUT', /either by orgId or by legalName/],
      [{ type: 'contract', name: 'x' }, 'BAD_INPUT', /either by orgId or by legalName/],
      [{ legalName: ORG, type: 'stamp', name: 'x' }, 'BAD_INPUT', /type/],
    ];
    for (const [input, code, message] of cases) {
      const r = await router.invoke('seals.preview', input, APP);
      assert.equal(r.ok ? 'ok' : r.error.code, code, JSON.stringify(input));
      if (!r.ok) assert.match(r.error.message, message);
    }
  });
});
