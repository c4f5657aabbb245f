import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tsaBench } from './fixtures';
const b = await tsaBench();
writeFileSync(b.file('doc.txt'), 'hello');
execFileSync('openssl', ['ts', '-query', '-data', b.file('doc.txt'), '-sha256', '-cert', '-out', b.file('q.tsq')]);
const q = readFileSync(b.file('q.tsq'));
for (const conc of [1, 8, 32]) {
  const n = 2000; let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: conc }, async () => { while (next < n) { next++; await b.engine.respond(q); } }));
  console.log(conc, (n / ((performance.now() - t0) / 1000)).toFixed(0), 'tokens/s');
}
b.close();
