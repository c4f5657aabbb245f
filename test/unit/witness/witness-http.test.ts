/**
 * The witness over HTTP on loopback (c2sp.org/tlog-witness): bad input of
 * every kind gets its status code and the server keeps serving; oversized
 * bodies are cut off without being buffered; a slow client is disconnected;
 * 1,000 add-checkpoint requests from 8 concurrent logs all succeed.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseCosignatureResponse, checkCosignatureResponse } from '../../../shared/ledger/tlog-witness';
import { parseNote } from '../../../shared/ledger/note';
import { workspaceSealing } from '../../../main/services/composition/workspace-sealing';
import { parseListen, WitnessServer } from '../../../main/services/usecases/witness/witness-server';
import { WitnessService } from '../../../main/services/usecases/witness/witness-service';
import { Workspace } from '../../../main/services/core/workspace/workspace';
import { TestLog } from './fixtures/test-log';
import { moduleSchemas } from '../../../main/services/composition/schema-registry';

interface Reply {
  status: number;
  type: string;
  body: string;
}

function post(url: string, body: string | Buffer, path = '/add-checkpoint', method = 'POST'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('witness HTTP API', () => {
  const home = join(mkdtempSync(join(tmpdir(), 'affix-witness-http-')), 'home');
  let ws: Workspace;
  let witness: WitnessService;
  let server: WitnessServer;
  let url: string;
  const log = new TestLog().append(3);

  before(async () => {
    ws = Workspace.open(home, { create: true, schemas: moduleSchemas });
    witness = new WitnessService(ws, workspaceSealing(ws));
    witness.init('court.example/w1');
    witness.addLog(log.origin, log.vkey);
    server = new WitnessServer(witness, { host: '127.0.0.1', port: 0, requestTimeoutMs: 1500 });
    url = (await server.listen()).url;
  });
  after(async () => {
    await server.close();
    ws.close();
    rmSync(join(home, '..'), { recursive: true, force: true });
  });

  it('answers 200 with a cosignature that verifies, and 409 with text/x.tlog.size', async () => {
    const ok = await post(url, log.request(0));
    assert.equal(ok.status, 200, ok.body);
    const v = await checkCosignatureResponse(parseNote(log.checkpoint()).text, parseCosignatureResponse(ok.body), witness.key()!);
    assert.ok(v.ok);
    log.append(2);
    const stale = await post(url, log.request(0));
    assert.equal(stale.status, 409);
    assert.equal(stale.type, 'text/x.tlog.size');
    assert.equal(stale.body, '3\n');
  });

  it('bad input: malformed proof lines 400, unknown origin 404, bad signature 403, bad proof 422, wrong method/path', async () => {
    assert.equal((await post(url, `old 3\n!!!!\n\n${log.checkpoint()}`)).status, 400);
    assert.equal((await post(url, 'garbage')).status, 400);
    assert.equal((await post(url, Buffer.from([0xc3, 0x28]))).status, 400);
    assert.equal((await post(url, new TestLog().append(1).request(0))).status, 404);
    const req = log.request(3);
    assert.equal(
      (
        await post(
          url,
          req.replace(/(— \S+ )(.)/, (_, p: string, c: string) => p + (c === 'A' ? 'B' : 'A')),
        )
      ).status,
      403,
    );
    const lines = req.split('\n');
    lines[1] = (lines[1][0] === 'A' ? 'B' : 'A') + lines[1].slice(1);
    assert.equal((await post(url, lines.join('\n'))).status, 422);
    assert.equal((await post(url, '', '/add-checkpoint', 'GET')).status, 405);
    assert.equal((await post(url, '', '/other', 'POST')).status, 404);
    assert.equal((await post(url, log.request(3))).status, 200, 'still serving, state intact');
  });

  it('oversized bodies get 413 and are not buffered (bounded memory)', async () => {
    assert.equal((await post(url, Buffer.alloc(70_000, 0x41))).status, 413);
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 20; i++) {
      const status = await new Promise<number>((resolve) => {
        const req = request(`${url}/add-checkpoint`, { method: 'POST', agent: false, headers: { 'Transfer-Encoding': 'chunked' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', () => resolve(-1)); // the server may reset the connection mid-upload
        const chunk = Buffer.alloc(256 * 1024, 0x41);
        let sent = 0;
        const pump = (): void => {
          while (sent < 40 && req.write(chunk)) sent++; // up to 10 MiB, no Content-Length
          if (sent < 40 && !req.destroyed) req.once('drain', pump);
          else req.end();
        };
        pump();
      });
      assert.ok(status === 413 || status === -1, `status ${status}`);
    }
    const grown = process.memoryUsage().rss - before;
    assert.ok(grown < 64 * 1024 * 1024, `RSS grew ${grown} bytes over 200 MiB of refused uploads`);
    assert.equal((await post(url, log.request(5))).status, 200, 'still serving');
  });

  it('disconnects a slow client that never finishes its request', async () => {
    const closed = await new Promise<string>((resolve) => {
      const s = connect(Number(new URL(url).port), '127.0.0.1', () =>
        s.write('POST /add-checkpoint HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nold 5\n'),
      );
      let got = '';
      s.on('data', (d) => (got += d.toString()));
      s.on('close', () => resolve(got));
      s.on('error', () => undefined);
    });
    assert.ok(closed === '' || /^HTTP\/1\.1 408/.test(closed), closed);
    assert.equal((await post(url, log.request(5))).status, 200, 'still serving');
  });

  it('1,000 requests from 8 concurrent logs over loopback all get their cosignature', async () => {
    const logs = Array.from({ length: 8 }, () => new TestLog().append(1));
    for (const l of logs) witness.addLog(l.origin, l.vkey);
    const counts = await Promise.all(
      logs.map(async (l) => {
        let old = 0;
        let ok = 0;
        for (let i = 0; i < 125; i++) {
          const r = await post(url, l.request(old));
          assert.equal(r.status, 200, `${r.status} ${r.body}`);
          old = l.leaves.length;
          ok++;
          l.append(1);
        }
        return ok;
      }),
    );
    assert.equal(
      counts.reduce((a, b) => a + b, 0),
      1000,
    );
    for (const l of logs) assert.equal(witness.list().logs.find((x) => x.origin === l.origin)!.size, l.leaves.length - 1);
  });

  it('listens on loopback only unless asked', () => {
    assert.deepEqual(parseListen('127.0.0.1:7380'), { host: '127.0.0.1', port: 7380 });
    assert.deepEqual(parseListen('7380'), { host: '127.0.0.1', port: 7380 });
    assert.deepEqual(parseListen('[::1]:80'), { host: '::1', port: 80 });
    assert.throws(() => parseListen('host:99999'), /HOST:PORT/);
    assert.throws(() => new WitnessServer(witness, { host: '0.0.0.0', port: 0 }), /loopback only/);
  });
});
