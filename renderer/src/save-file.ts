/**
 * Hands bytes the main process produced (an envelope, a certificate, a
 * status list) to the user as a file: the browser download, which the desktop
 * app turns into its save dialog. The one place the window writes a file, so
 * that switching to opaque file handles changes only this function.
 */
export function saveFile(fileName: string, base64: string, type = 'application/octet-stream'): void {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  // Revoked after the click has been handled: some engines read the URL asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
