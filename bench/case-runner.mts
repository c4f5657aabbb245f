/** Runs one bench case in this (child) process and prints its metrics as JSON on the last line. */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { BenchCase } from './harness';
import { peakRssBytes } from './harness';

const [file, caseName] = process.argv.slice(2);
const mod = (await import(pathToFileURL(join(import.meta.dirname, 'benches', file)).href)) as { cases: BenchCase[] };
const c = mod.cases.find((x) => x.name === caseName);
if (!c) throw new Error(`no case ${caseName} in ${file}`);
const metrics = await c.run();
if (!metrics.peakRss) metrics.peakRss = { value: Math.round(peakRssBytes() / 1048576), unit: 'MiB' };
process.stdout.write(`\n${JSON.stringify(metrics)}\n`);
