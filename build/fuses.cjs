/**
 * Electron fuses, flipped in the packaged binary after packing.
 * - RunAsNode OFF: the packaged app cannot be abused as a general Node runtime.
 *   The bundled `affix` CLI therefore does not use ELECTRON_RUN_AS_NODE; it runs
 *   inside the app's main process: `Affix --affix-cli <args>` (see
 *   main/electron/cli-mode.ts). A standalone `affix` on Node needs no fuse.
 * - NODE_OPTIONS and --inspect arguments OFF; cookies encrypted;
 *   app code only from the (integrity-checked) asar.
 */
const { flipFuses, FuseV1Options, FuseVersion } = require('@electron/fuses');
const path = require('node:path');

module.exports = async function afterPack(context) {
  const { electronPlatformName, appOutDir, packager } = context;
  const name = packager.appInfo.productFilename;
  const executable =
    electronPlatformName === 'darwin'
      ? path.join(appOutDir, `${name}.app`)
      : path.join(appOutDir, electronPlatformName === 'win32' ? `${name}.exe` : (packager.executableName ?? name.toLowerCase()));
  await flipFuses(executable, {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature: electronPlatformName === 'darwin',
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  });
};
