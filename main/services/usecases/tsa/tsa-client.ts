/**
 * Affix as an RFC 3161 client: builds a query, posts it (HTTP, §3.4) or
 * reads a reply from a file (air-gapped), and accepts the token only if it
 * answers that query — granted status, the same message imprint and nonce.
 * Whether its authority is trusted is the verifier's question, not ours.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { createHash } from 'node:crypto';
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import { createTimestampRequest, type TsaHash } from './timestamp-request';

const MAX_REPLY_BYTES = 256 * 1024;
const TIMEOUT_MS = 30_000;

export interface TimestampQuery {
  der: Uint8Array;
  hash: TsaHash;
  imprint: Uint8Array;
  nonce: Uint8Array;
}

export function timestampQuery(hash: TsaHash, imprint: Uint8Array): TimestampQuery {
  const q = createTimestampRequest(hash, imprint);
  return { der: q.der, hash, imprint, nonce: q.nonce };
}

/** The digest of `data` as the imprint of a query. */
export function imprintOf(data: Uint8Array, hash: TsaHash = 'SHA-256'): Uint8Array {
  return createHash(hash.replace('-', '').toLowerCase()).update(data).digest();
}

/** The TimeStampToken (ContentInfo DER) of a reply, checked against the query it answers. */
export function tokenFromReply(
  reply: Uint8Array,
  query: TimestampQuery | undefined,
  what: string,
): { token: Uint8Array; genTime: Date; imprint: Uint8Array; nonce?: Uint8Array } {
  const asn = asn1js.fromBER(reply);
  if (asn.offset === -1 || !(asn.result instanceof asn1js.Sequence)) throw badInput(`${what} is not an RFC 3161 TimeStampResp.`);
  const [info, tokenAsn] = asn.result.valueBlock.value;
  const status = info instanceof asn1js.Sequence ? info.valueBlock.value[0] : undefined;
  if (!(status instanceof asn1js.Integer)) throw badInput(`${what} is not an RFC 3161 TimeStampResp.`);
  const code = status.valueBlock.valueDec;
  if (code !== 0 && code !== 1) {
    const text = (info as asn1js.Sequence).valueBlock.value[1];
    const says = text instanceof asn1js.Sequence ? text.valueBlock.value.map((t) => String((t as asn1js.Utf8String).valueBlock.value ?? '')).join('; ') : '';
    throw badInput(
      `The time-stamping authority refused the query (status ${code}${says ? `: ${says.replace(/[^\x20-\x7e\u00a0-\uffff]/g, '?').slice(0, 200)}` : ''}).`,
    );
  }
  if (!tokenAsn) throw badInput(`${what} grants a timestamp but carries no token.`);
  const token = new Uint8Array((tokenAsn as asn1js.BaseBlock).valueBeforeDecodeView);
  const { imprint, nonce, genTime } = tokenInfo(token, what);
  if (query) {
    if (Buffer.compare(imprint, query.imprint) !== 0) throw badInput(`${what} does not answer this query: its message imprint differs.`);
    if (!nonce || Buffer.compare(Buffer.from(nonce).subarray(nonce[0] === 0 ? 1 : 0), Buffer.from(query.nonce).subarray(query.nonce[0] === 0 ? 1 : 0)) !== 0) {
      throw badInput(`${what} does not answer this query: its nonce differs (a replayed or foreign reply).`);
    }
  }
  return { token, genTime, imprint, nonce };
}

/** What a TimeStampToken's TSTInfo says (nothing is verified here). */
export function tokenInfo(token: Uint8Array, what: string): { genTime: Date; imprint: Uint8Array; nonce?: Uint8Array } {
  try {
    const signed = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: asn1js.fromBER(token).result }).content });
    const content = signed.encapContentInfo.eContent;
    if (!content) throw new Error('no TSTInfo');
    const tst = new pkijs.TSTInfo({ schema: asn1js.fromBER(content.getValue()).result });
    return {
      genTime: tst.genTime,
      imprint: new Uint8Array(tst.messageImprint.hashedMessage.valueBlock.valueHexView),
      nonce: tst.nonce ? new Uint8Array(tst.nonce.valueBlock.valueHexView) : undefined,
    };
  } catch (error) {
    throw badInput(`${what}: the token cannot be read (${error instanceof Error ? error.message : String(error)}).`);
  }
}

/** Posts a query to a TSA URL and returns the checked token. */
export async function requestTimestamp(url: string, hash: TsaHash, imprint: Uint8Array): Promise<Uint8Array> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badInput(`The TSA URL "${url}" is not a URL.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw badInput(`The TSA URL must be http:// or https://, got "${url}".`);
  const query = timestampQuery(hash, imprint);
  let res: Response;
  try {
    res = await fetch(parsed, {
      method: 'POST',
      headers: { 'Content-Type': 'application/timestamp-query' },
      body: Buffer.from(query.der) as unknown as BodyInit,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new AffixError(
      'BAD_INPUT',
      `The TSA at ${url} cannot be reached: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}.`,
    );
  }
  if (res.status !== 200) throw badInput(`The TSA at ${url} answered HTTP ${res.status}.`);
  const type = (res.headers.get('content-type') ?? '').split(';')[0].trim();
  if (type !== 'application/timestamp-reply') throw badInput(`The TSA at ${url} answered ${type || 'no content type'}, not application/timestamp-reply.`);
  const body = await boundedBody(res, url);
  return tokenFromReply(body, query, `The reply of ${url}`).token;
}

async function boundedBody(res: Response, url: string): Promise<Uint8Array> {
  const reader = res.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_REPLY_BYTES) {
      await reader.cancel();
      throw badInput(`The TSA at ${url} sent more than ${MAX_REPLY_BYTES} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
