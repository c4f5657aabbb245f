/**
 * Builds the renderer into dist/renderer, served by the app:// protocol in
 * Electron and by the test bridge in Chromium. Relative asset URLs (base './')
 * keep it working under any origin; nothing is fetched from the network.
 */
import react from '@vitejs/plugin-react';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * pdf.js needs its worker, the CJK character maps, the standard fonts and
 * its wasm decoders at run time. They are copied into dist/renderer/pdfjs/
 * so the preview loads them from the app's own origin (the worker must be a
 * same-origin file under script-src 'self'); renderer/src/pdf/pdfjs.ts
 * points pdf.js at this folder. The names must stay in step with it.
 */
function pdfjsAssets(): Plugin {
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const folders = ['cmaps', 'standard_fonts', 'wasm', 'iccs'];
  return {
    name: 'affix-pdfjs-assets',
    apply: 'build',
    generateBundle() {
      const emit = (fileName: string, from: string) => this.emitFile({ type: 'asset', fileName, source: readFileSync(from) });
      emit('pdfjs/pdf.worker.min.mjs', join(root, 'build', 'pdf.worker.min.mjs'));
      for (const folder of folders) {
        for (const name of readdirSync(join(root, folder))) emit(`pdfjs/${folder}/${name}`, join(root, folder, name));
      }
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  plugins: [react(), pdfjsAssets()],
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Electron 45 ships Chromium 142; Debian's test Chromium is newer.
    target: 'chrome120',
    // No inline scripts anywhere: the CSP is script-src 'self'.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      output: {
        // Vendors change rarely; keep them out of the app chunk so page code stays small.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 3 },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@emotion|dayjs|stylis)[\\/]/, priority: 2 },
            { name: 'i18n', test: /node_modules[\\/](i18next|react-i18next)[\\/]/, priority: 2 },
            // Loaded only when a document is opened.
            { name: 'pdfjs', test: /node_modules[\\/]pdfjs-dist[\\/]/, priority: 2 },
          ],
        },
      },
    },
  },
});
