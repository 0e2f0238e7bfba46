import { session, shell, type App, type BrowserWindow, type WebContents } from 'electron';

/** The page may load only its own scripts and styles and our media scheme: no remote content. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "media-src 'self' genrewise-media:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Session-wide rules: CSP on every response, every permission request denied. */
export function hardenSession(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

/**
 * Web pages the app may hand to the system browser: https only, on these hosts only (help and
 * project pages). Anything else a page asks to open is dropped, so a compromised renderer cannot
 * launch file:, smb: or custom-scheme handlers on the user's machine.
 */
export const EXTERNAL_HOSTS: readonly string[] = ['github.com', 'www.github.com'];

export function isAllowedExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && EXTERNAL_HOSTS.includes(parsed.hostname);
  } catch {
    return false;
  }
}

/**
 * Web-contents rules: no navigation, redirect or frame navigation away from the app, no
 * webviews, no new windows (allowed web links open in the browser).
 */
export function hardenContents(contents: WebContents, isOwnUrl: (url: string) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (details) => {
    if (!isOwnUrl(details.url)) details.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** Window rules: those of hardenContents on the window's page. */
export function hardenWindow(win: BrowserWindow, isOwnUrl: (url: string) => boolean): void {
  hardenContents(win.webContents, isOwnUrl);
}

/** The same rules on every web contents the app ever creates (a frame, a devtools page, …). */
export function hardenApp(app: App, isOwnUrl: (url: string) => boolean): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, isOwnUrl));
}
