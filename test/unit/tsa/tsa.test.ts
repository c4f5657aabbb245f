/**
 * The TSA role against OpenSSL (an independent RFC 3161 client and verifier)
 * and against bad input over HTTP: every reply is a TimeStampResp or the
 * right HTTP status, and the server keeps answering.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import * as asn1js from 'asn1js';
import { parseCertificates } from '../../../shared/verify/certificate';
import { MAX_QUERY_BYTES, startTsaServer, type TsaServer } from '../../../main/services/usecases/tsa/tsa-http';
import { OID } from '../../../shared/asn1/oids';
import { join } from 'node:path';
import { repoRoot } from '../../support/repo';
import { openssl, PASSPHRASE, tsaBench, type TsaBench } from './fixtures';

interface Reply {
  status: number;
  type?: string;
  body: Buffer;
}

function post(url: string, body: Uint8Array, options: { method?: string; type?: string; agent?: Agent; path?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const u = new URL(options.path ?? '/', url);
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: options.method ?? 'POST',
        agent: options.agent,
        headers: { 'Content-Type': options.type ?? 'application/timestamp-query', 'Content-Length': body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** PKIStatus of a TimeStampResp, or undefined when the bytes are not one. */
function pkiStatus(reply: Uint8Array): number | undefined {
  const asn = asn1js.fromBER(reply);
  if (asn.offset === -1 || !(asn.result instanceof asn1js.Sequence)) return undefined;
  const info = asn.result.valueBlock.value[0];
  const status = info instanceof asn1js.Sequence ? info.valueBlock.value[0] : undefined;
  return status instanceof asn1js.Integer ? status.valueBlock.valueDec : undefined;
}

describe('RFC 3161 TSA', () => {
  let b: TsaBench;
  before(async () => {
    b = await tsaBench();
    writeFileSync(b.file('doc.txt'), 'the contract, as signed');
  });
  after(() => b.close());

  it('issues a certificate with only the timeStamping EKU, critical', () => {
    const [cert] = parseCertificates(Buffer.from(b.tsa.certificatePem));
    assert.deepEqual(cert.extendedKeyUsage, [OID.kpTimeStamping]);
    const text = openssl(['x509', '-in', b.tsaPem, '-noout', '-ext', 'extendedKeyUsage']).out;
    assert.match(text, /Extended Key Usage: critical\s+Time Stamping\s*$/);
  });

  for (const certReq of [true, false]) {
    it(`openssl ts -verify accepts a token (certReq ${certReq}, with nonce)`, async () => {
      const q = b.file(`q-${certReq}.tsq`);
      const r = b.file(`r-${certReq}.tsr`);
      assert.ok(openssl(['ts', '-query', '-data', b.file('doc.txt'), '-sha256', ...(certReq ? ['-cert'] : []), '-out', q]).ok);
      const reply = await b.engine.respond(readFileSync(q));
      assert.equal(reply.status, 'granted');
      writeFileSync(r, reply.reply);
      const text = openssl(['ts', '-reply', '-in', r, '-text']).out;
      assert.match(text, /Status: Granted/);
      assert.match(text, /Nonce: 0x[0-9A-F]+/);
      const verified = openssl(['ts', '-verify', '-queryfile', q, '-in', r, '-CAfile', b.rootPem, '-untrusted', b.untrustedPem]);
      assert.ok(verified.ok, verified.out);
      assert.match(verified.out, /Verification: OK/);
      // The token alone checks against the data too, and a different document does not.
      const tokenOnly = openssl(['ts', '-verify', '-data', b.file('doc.txt'), '-in', r, '-CAfile', b.rootPem, '-untrusted', b.untrustedPem]);
      assert.ok(tokenOnly.ok, tokenOnly.out);
      writeFileSync(b.file('other.txt'), 'another text');
      assert.equal(openssl(['ts', '-verify', '-data', b.file('other.txt'), '-in', r, '-CAfile', b.rootPem, '-untrusted', b.untrustedPem]).ok, false);
      // Certificates travel in the token only when asked for.
      const tokenText = openssl(['ts', '-reply', '-in', r, '-token_out', '-out', b.file(`t-${certReq}.der`)]);
      assert.ok(tokenText.ok);
      const certs = openssl(['pkcs7', '-inform', 'DER', '-in', b.file(`t-${certReq}.der`), '-print_certs']).out;
      assert.equal(certs.includes('Affix Test TSA'), certReq);
    });
  }

  it('honours the requested policy and refuses another one', async () => {
    const ok = b.file('policy-ok.tsq');
    openssl(['ts', '-query', '-data', b.file('doc.txt'), '-sha256', '-cert', '-tspolicy', b.tsa.policy, '-out', ok]);
    const granted = await b.engine.respond(readFileSync(ok));
    assert.equal(granted.status, 'granted');
    writeFileSync(b.file('policy-ok.tsr'), granted.reply);
    assert.match(openssl(['ts', '-reply', '-in', b.file('policy-ok.tsr'), '-text']).out, new RegExp(`Policy OID: ${b.tsa.policy.replace(/\./g, '\\.')}`));
    const bad = b.file('policy-bad.tsq');
    openssl(['ts', '-query', '-data', b.file('doc.txt'), '-sha256', '-tspolicy', '1.2.3.4.5', '-out', bad]);
    const refused = await b.engine.respond(readFileSync(bad));
    assert.equal(refused.status, 'rejection');
    writeFileSync(b.file('policy-bad.tsr'), refused.reply);
    const text = openssl(['ts', '-reply', '-in', b.file('policy-bad.tsr'), '-text']).out;
    assert.match(text, /Status: Rejected/);
    assert.match(text, /Failure info: the requested TSA policy is not supported/);
  });

  it('gives every token a unique serial and anchors it on the ledger', async () => {
    const q = b.file('q-true.tsq');
    const query = readFileSync(q);
    const replies = await Promise.all(Array.from({ length: 50 }, () => b.engine.respond(query)));
    const serials = new Set(replies.map((r) => (r.status === 'granted' ? r.serial : 'refused')));
    assert.equal(serials.size, 50);
    assert.ok(!serials.has('refused'));
    for (const r of replies) {
      assert.equal(r.status, 'granted');
      if (r.status !== 'granted') continue;
      const entry = b.services.ledger.findBySubject(createHash('sha256').update(r.token).digest('hex'));
      assert.equal(entry.length, 1);
      assert.equal(entry[0].index, r.ledgerIndex);
      assert.equal(entry[0].entry.type, 'timestamp.issued');
    }
  });

  describe('over HTTP', () => {
    let server: TsaServer;
    const agent = new Agent({ keepAlive: true, maxSockets: 32 });
    before(async () => {
      server = await startTsaServer(b.engine, { host: '127.0.0.1', port: 0 });
    });
    after(async () => {
      agent.destroy();
      await server.close();
    });

    it('answers an openssl query posted to / and openssl verifies the reply', async () => {
      const q = b.file('q-true.tsq');
      const res = await post(server.url, readFileSync(q));
      assert.equal(res.status, 200);
      assert.equal(res.type, 'application/timestamp-reply');
      writeFileSync(b.file('http.tsr'), res.body);
      const verified = openssl(['ts', '-verify', '-queryfile', q, '-in', b.file('http.tsr'), '-CAfile', b.rootPem, '-untrusted', b.untrustedPem]);
      assert.ok(verified.ok, verified.out);
    });

    it('refuses the wrong method, path, content type and oversized bodies with their HTTP status', async () => {
      const q = readFileSync(b.file('q-true.tsq'));
      assert.equal((await post(server.url, q, { method: 'GET' })).status, 405);
      assert.equal((await post(server.url, q, { method: 'PUT' })).status, 405);
      assert.equal((await post(server.url, q, { path: '/tsa' })).status, 404);
      assert.equal((await post(server.url, q, { type: 'application/octet-stream' })).status, 415);
      assert.equal((await post(server.url, q, { type: 'text/plain' })).status, 415);
      assert.equal((await post(server.url, randomBytes(MAX_QUERY_BYTES + 1))).status, 413);
      assert.equal((await post(server.url, Buffer.alloc(8 * 1024 * 1024))).status, 413);
      // Still serving.
      assert.equal(pkiStatus((await post(server.url, q)).body), 0);
    });

    it('answers 10,000 fuzzed queries with a TimeStampResp each, and keeps serving', async () => {
      const seeds = [readFileSync(b.file('q-true.tsq')), readFileSync(b.file('q-false.tsq')), readFileSync(b.file('policy-ok.tsq'))];
      const mutate = (seed: Buffer): Buffer => {
        const out = Buffer.from(seed);
        const kind = Math.floor(Math.random() * 4);
        const at = Math.floor(Math.random() * out.length);
        if (kind === 0) out[at] = Math.floor(Math.random() * 256);
        else if (kind === 1) out[at] ^= 1 << Math.floor(Math.random() * 8);
        else if (kind === 2) return out.subarray(0, at);
        else return Buffer.concat([out.subarray(0, at), randomBytes(1 + Math.floor(Math.random() * 8)), out.subarray(at)]);
        return out;
      };
      const counts = { granted: 0, rejected: 0 };
      const total = 10_000;
      let next = 0;
      const worker = async () => {
        while (next < total) {
          next++;
          const res = await post(server.url, mutate(seeds[next % seeds.length]), { agent });
          assert.equal(res.status, 200);
          assert.equal(res.type, 'application/timestamp-reply');
          const status = pkiStatus(res.body);
          assert.ok(status === 0 || status === 2, `unexpected PKIStatus ${status}`);
          counts[status === 0 ? 'granted' : 'rejected']++;
        }
      };
      await Promise.all(Array.from({ length: 32 }, worker));
      assert.equal(counts.granted + counts.rejected, total);
      assert.ok(counts.rejected > 1000, `most mutations of the structure are refused (${JSON.stringify(counts)})`);
      const q = b.file('q-true.tsq');
      const res = await post(server.url, readFileSync(q), { agent });
      writeFileSync(b.file('after-fuzz.tsr'), res.body);
      assert.ok(openssl(['ts', '-verify', '-queryfile', q, '-in', b.file('after-fuzz.tsr'), '-CAfile', b.rootPem, '-untrusted', b.untrustedPem]).ok);
    });
  });
});

describe('affix tsa serve', () => {
  it('serves on the loopback address it is given (port 0: any free port), answers, and stops on SIGTERM', async () => {
    const b = await tsaBench();
    try {
      writeFileSync(b.file('doc.txt'), 'served');
      const q = b.file('served.tsq');
      assert.ok(openssl(['ts', '-query', '-data', b.file('doc.txt'), '-sha256', '-cert', '-out', q]).ok);
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(repoRoot, 'main/cli/affix.ts'), 'tsa', 'serve', '--listen', '127.0.0.1:0', '--home', b.home],
        {
          env: { ...process.env, AFFIX_PASSPHRASE: PASSPHRASE },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const url = await new Promise<string>((resolve, reject) => {
        let err = '';
        child.stderr.on('data', (c: Buffer) => {
          err += c.toString();
          const m = /TSA listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(err);
          if (m) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
      });
      const res = await post(url, readFileSync(q));
      assert.equal(res.status, 200);
      writeFileSync(b.file('served.tsr'), res.body);
      assert.ok(openssl(['ts', '-verify', '-queryfile', q, '-in', b.file('served.tsr'), '-CAfile', b.rootPem, '-untrusted', b.untrustedPem]).ok);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      b.close();
    }
  });
});
