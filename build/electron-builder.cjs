/**
 * electron-builder configuration: AppImage + deb on Linux, NSIS on Windows,
 * dmg on macOS. Native modules are unpacked from asar (they cannot be
 * dlopen()ed from inside it); `install-app-deps` rebuilds them for Electron's
 * ABI inside the packaged app only, so the Node build used by tests is untouched.
 * Fuses are flipped after packing (build/fuses.cjs).
 */
module.exports = {
  appId: 'app.affix.desktop',
  productName: 'Affix',
  copyright: 'Copyright © 2026 Affix',
  directories: { output: 'release', buildResources: 'build/resources' },
  files: ['dist/**', '!dist/**/*.map', 'package.json'],
  extraMetadata: { main: 'dist/main/electron.cjs' },
  asar: true,
  asarUnpack: [
    'node_modules/better-sqlite3/**',
    'node_modules/pkcs11js/**',
    'node_modules/@napi-rs/**',
    'node_modules/@embedpdf/fonts-sc/**',
    'node_modules/pdfjs-dist/cmaps/**',
  ],
  npmRebuild: true,
  buildDependenciesFromSource: true,
  afterPack: './build/fuses.cjs',
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Office',
    executableName: 'affix',
    synopsis: 'Offline e-signing and evidence notarisation',
  },
  deb: { depends: ['libnss3', 'libsecret-1-0'] },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  mac: { target: ['dmg'], category: 'public.app-category.business', hardenedRuntime: true },
};
