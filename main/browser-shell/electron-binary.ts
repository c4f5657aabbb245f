/**
 * Whether the Electron binary is on this machine, found the way the `electron`
 * npm package finds it (its path.txt, or ELECTRON_OVERRIDE_DIST_PATH) — but
 * without requiring that package, which tries to download the binary and
 * throws "Electron failed to install correctly" where it cannot.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function electronBinary(resolveFrom: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  let pkgDir: string;
  try {
    pkgDir = dirname(require.resolve('electron/package.json', { paths: [resolveFrom] }));
  } catch {
    return undefined;
  }
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const rel = readFileSync(pathFile, 'utf8').trim();
  const binary = env.ELECTRON_OVERRIDE_DIST_PATH ? join(env.ELECTRON_OVERRIDE_DIST_PATH, rel) : join(pkgDir, 'dist', rel);
  return existsSync(binary) ? binary : undefined;
}
