/**
 * A zip writer that lies on request: each member's claimed (uncompressed)
 * size is whatever the test says, in both the local header and the central
 * directory — what a hostile package does to a verifier that trusts headers.
 * CRC-32s are the real content's (0 for `raw` members, whose content the
 * writer never sees), so a case reaches the check it is written for rather
 * than stopping at the reader's CRC check.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { Deflate } from 'fflate';

export interface HostileMember {
  name: string;
  /** Real content (deflated unless `stored`), or already-deflated bytes via `raw`. */
  bytes?: Uint8Array;
  raw?: Uint8Array;
  stored?: boolean;
  /** What the headers claim; default: the real length. */
  claim?: number;
}

export function hostileZip(members: HostileMember[]): Uint8Array {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name, 'utf8');
    const data = m.raw ? Buffer.from(m.raw) : m.stored ? Buffer.from(m.bytes!) : deflateRawSync(m.bytes!);
    const realLength = m.raw ? 0 : m.bytes!.length;
    const claim = m.claim ?? realLength;
    const method = m.stored ? 0 : 8;
    const crc = m.raw ? 0 : crc32(m.bytes!);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x800, 6);
    lh.writeUInt16LE(method, 8);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(data.length, 18);
    lh.writeUInt32LE(claim, 22);
    lh.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x800, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(data.length, 20);
    cd.writeUInt32LE(claim, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    locals.push(lh, name, data);
    central.push(cd, name);
    offset += lh.length + name.length + data.length;
  }
  const dir = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(members.length, 8);
  eocd.writeUInt16LE(members.length, 10);
  eocd.writeUInt32LE(dir.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, dir, eocd]));
}

const zeroBombs = new Map<number, Uint8Array>();
/** Deflated zeros: `mib` MiB of output from ~1/1000 of that input, made 1 MiB at a time (never held inflated). */
export function deflatedZeros(mib: number): Uint8Array {
  let bomb = zeroBombs.get(mib);
  if (!bomb) {
    const parts: Uint8Array[] = [];
    const d = new Deflate({ level: 1 }, (chunk) => parts.push(chunk.slice()));
    const zeros = new Uint8Array(1024 * 1024);
    for (let i = 0; i < mib; i++) d.push(zeros, i === mib - 1);
    bomb = new Uint8Array(Buffer.concat(parts));
    zeroBombs.set(mib, bomb);
  }
  return bomb;
}
