/**
 * The built renderer's files as a web server hands them out: a URL path
 * resolved inside the renderer folder (never outside it), with the content
 * type its extension calls for. Shared by the browser shell's server and the
 * UI tests' bridge, which must serve the app exactly alike.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
};

/** The content type of a file by its name. */
export const contentTypeOf = (path: string): string => CONTENT_TYPES[extname(path)] ?? 'application/octet-stream';

export type StaticFile = { status: 200; body: Buffer; contentType: string } | { status: 400 | 404 };

/** The file of `root` at URL path `pathname` ('/' is /index.html); 404 for anything not a file inside `root`, 400 for a path that does not decode. */
export function staticFile(root: string, pathname: string): StaticFile {
  const base = normalize(root);
  let rel: string;
  try {
    rel = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    return { status: 400 };
  }
  const path = normalize(join(base, rel));
  if (!path.startsWith(base + sep) || !existsSync(path) || !statSync(path).isFile()) return { status: 404 };
  return { status: 200, body: readFileSync(path), contentType: contentTypeOf(path) };
}
