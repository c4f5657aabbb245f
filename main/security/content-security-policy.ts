/**
 * The renderer's Content-Security-Policy, one string for every way the app is
 * served: Electron's app:// protocol (main/electron/app-protocol.ts) and the
 * loopback server of the browser shell (main/browser-shell/). Kept outside
 * main/electron so the shell can use it without importing electron.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'", // pdf.js compiles its shipped JPEG 2000 / JBIG2 / ICC decoders; no JS eval.
  "style-src 'self' 'unsafe-inline'", // Ant Design injects its CSS-in-JS styles at run time.
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
