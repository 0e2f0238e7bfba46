import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Shared pieces of the browser tests: Debian's Chromium driven by playwright-core, and a real
 * `genrewise serve` process (the compiled CLI, the built UI) on a throwaway library.
 */

export const REPO = resolve(import.meta.dirname, '../..');
const CHROMIUM = process.env.GENREWISE_CHROMIUM ?? '/usr/bin/chromium';
const SKIP_NO_CHROMIUM = `browser tests skipped: no Chromium at ${CHROMIUM} (apt install chromium, or set GENREWISE_CHROMIUM)`;

/** Use as `describe.skipIf(!hasChromium())`; under CI=true a missing browser is a broken setup. */
export function hasChromium(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') throw new Error(`${SKIP_NO_CHROMIUM}; CI=true requires it`);
  console.warn(SKIP_NO_CHROMIUM);
  return false;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The tests run what users run: the compiled CLI and the built UI (`npm run build`). */
export function assertBuilt(): void {
  const missing = [resolve(REPO, 'dist/node/core/cli/main.js'), resolve(REPO, 'dist/renderer/index.html')].filter(
    (p) => !existsSync(p),
  );
  if (missing.length) throw new Error(`not built: ${missing.join(', ')} missing; run \`npm run build\` first`);
}

export interface Served {
  /** The URL `serve` printed, token included. */
  readonly url: string;
  readonly origin: string;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `genrewise serve --db <db> --port 0` and waits for the URL it prints. */
export async function startServe(db: string): Promise<Served> {
  const env = { ...process.env };
  delete env.GENREWISE_TOKEN; // a random token, as users get
  const child: ChildProcess = spawn(
    process.execPath,
    [resolve(REPO, 'bin/genrewise.js'), 'serve', '--db', db, '--port', '0'],
    {
      cwd: REPO,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`genrewise serve printed no URL within 30 s:\n${out}`)), 30_000);
    const check = (): void => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`genrewise serve exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    output: () => out,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * With GENREWISE_SHOTS=<dir>, saves the page in the light and the dark theme as
 * <dir>/<name>-light.png and -dark.png (for people to look at; tests never compare pixels).
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const dir = process.env.GENREWISE_SHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const viewport = page.viewportSize();
  if (options.fullPage && viewport) {
    // The app scrolls inside its content column, not the document: grow the window to fit it.
    const height = await page.evaluate(() => {
      const main = document.getElementById('content');
      return main ? main.getBoundingClientRect().top + main.scrollHeight : document.body.scrollHeight;
    });
    await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Math.ceil(height)) });
  }
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(150);
    await page.screenshot({ path: resolve(dir, `${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  if (viewport) await page.setViewportSize(viewport);
}

/** Runs the compiled CLI; exit 1 (some files failed, as broken fixtures do) is not an error. */
export function genrewise(args: readonly string[]): void {
  const r = spawnSync(process.execPath, [resolve(REPO, 'bin/genrewise.js'), ...args], { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`genrewise ${args.join(' ')}: ${r.stderr}`);
}

/** Calls one API method from the page, as the UI does (same origin, the page's cookie). */
export async function callApi<T>(page: Page, method: string, params: unknown): Promise<T> {
  return page.evaluate(
    async ([m, p]) => {
      const r = await fetch(`/api/${m as string}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(p),
      });
      return r.json() as Promise<unknown>;
    },
    [method, params] as const,
  ) as Promise<T>;
}

/** The committed fixture library, scanned and analysed by the CLI, served and open in a browser page. */
export interface ServedFixtures {
  readonly page: Page;
  close(): Promise<void>;
}

export async function serveAnalysedFixtures(
  prefix: string,
  viewport: { readonly width: number; readonly height: number },
): Promise<ServedFixtures> {
  const work = mkdtempSync(join(tmpdir(), prefix));
  const music = join(work, 'music');
  cpSync(resolve(REPO, 'tests/fixtures/library'), music, { recursive: true });
  rmSync(join(music, 'manifest.json'));
  const db = join(work, 'library.db');
  genrewise(['scan', music, '--db', db]);
  genrewise(['analyze', '--db', db]);
  const served = await startServe(db);
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport, colorScheme: 'light' });
  await page.goto(served.url);
  return {
    page,
    async close() {
      await browser.close();
      await served.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
