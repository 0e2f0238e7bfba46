/**
 * Whether an IPC message comes from our own page: the app's renderer file, or in development the
 * electron-vite dev server. Anything else (an iframe, a page navigated elsewhere) is refused.
 */
export function isTrustedSenderUrl(
  frameUrl: string | undefined,
  rendererIndex: string,
  devServerUrl: string | undefined,
): boolean {
  if (!frameUrl) return false;
  let url: URL;
  try {
    url = new URL(frameUrl);
  } catch {
    return false;
  }
  if (devServerUrl) {
    try {
      return url.origin === new URL(devServerUrl).origin;
    } catch {
      return false;
    }
  }
  if (url.protocol !== 'file:') return false;
  return decodeURIComponent(url.pathname) === rendererIndex.replace(/\\/g, '/').replace(/^(?!\/)/, '/');
}
