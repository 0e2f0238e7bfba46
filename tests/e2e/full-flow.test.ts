import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseFile } from 'music-metadata';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../core/service/library-schema';
import type { Database } from '../../core/library/db';
import { DEFAULT_DISPLAY_NAMES } from '../../shared/genres';
import { assertBuilt, hasChromium, launchBrowser, REPO, screenshot, startServe, type Served } from './harness';

/**
 * The whole path a new user takes, in a real browser against `genrewise serve` on a copy of the
 * fixture library: choose a folder → scan → analyse → review with the keyboard → write tags →
 * undo → export playlists. Every step is checked where it matters — the files on disk and the
 * library database — not only on screen.
 */

interface DecisionRow {
  track_id: number;
  action: string;
  genre: string | null;
}

interface EntryRow {
  path: string;
  status: string;
  genres_before: string | null;
  genres_after: string;
  error_kind: string | null;
}

async function fileGenres(path: string): Promise<string[]> {
  const meta = await parseFile(path, { duration: false, skipCovers: true });
  return meta.common.genre ?? [];
}

describe.skipIf(!hasChromium())('the app in a browser, end to end', () => {
  let work: string;
  let music: string;
  let dbPath: string;
  let served: Served;
  let browser: Browser;
  let page: Page;
  let db: Database;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    assertBuilt();
    work = mkdtempSync(join(tmpdir(), 'genrewise-e2e-'));
    music = join(work, 'My Music');
    cpSync(resolve(REPO, 'tests/fixtures/library'), music, { recursive: true });
    // Broken files too, so the Problems screen has something real to explain.
    cpSync(resolve(REPO, 'tests/fixtures/broken'), join(music, 'broken'), { recursive: true });
    rmSync(join(music, 'manifest.json'));
    dbPath = join(work, 'library.db');
    served = await startServe(dbPath);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 860 }, colorScheme: 'light' });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    db?.close();
    await browser?.close();
    await served?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('choose folder → scan → analyse → review → write → undo → playlists', { timeout: 300_000 }, async () => {
    // First run: the library is empty, so the welcome screen asks for a folder.
    await page.goto(served.url);
    await page.getByRole('heading', { name: 'Welcome to Genrewise' }).waitFor();
    expect(new URL(page.url()).searchParams.has('token')).toBe(false); // the cookie carries it now
    await screenshot(page, '01-welcome');

    await page.getByLabel(/Music folder/).fill(music);
    await page.getByRole('button', { name: 'Add and scan' }).click();
    await page.getByRole('heading', { name: 'Getting your library ready' }).waitFor();
    await screenshot(page, '02-first-run-progress');
    await page.getByRole('heading', { name: 'Your library is ready' }).waitFor({ timeout: 240_000 });
    await screenshot(page, '03-first-run-ready');

    db = openLibrary(dbPath, { readonly: true });
    const audioFiles = 13;
    const tracks = db.prepare("SELECT count(*) FROM tracks WHERE status = 'present'").pluck().get() as number;
    expect(tracks).toBeGreaterThanOrEqual(audioFiles);
    const predicted = db.prepare('SELECT count(*) FROM current_predictions').pluck().get() as number;
    expect(predicted).toBeGreaterThanOrEqual(audioFiles);

    // Library: every track is listed; the progress survived navigation (the bar is global).
    await page.getByRole('link', { name: 'Library' }).click();
    const grid = page.getByRole('grid');
    await expect.poll(async () => Number(await grid.getAttribute('aria-rowcount')) - 1).toBe(tracks);
    await page.getByText('Morning Static').waitFor();
    await screenshot(page, '04-library');
    await page.getByText('Morning Static').click();
    const details = page.getByRole('complementary', { name: 'Track details' });
    await details.getByText('Probability per genre').waitFor();
    await screenshot(page, '05-library-track-details');
    // The preview streams the analysed part of the file through the token-protected media route.
    const media = page.waitForResponse((r) => r.url().includes('/media/'));
    await details.getByRole('button', { name: 'Play preview' }).click();
    expect([200, 206]).toContain((await media).status());
    await details.getByRole('button', { name: 'Pause preview' }).waitFor();
    await details.getByRole('button', { name: 'Pause preview' }).click();
    await details.getByRole('button', { name: 'Play preview' }).waitFor();
    await page.getByRole('button', { name: 'Close details' }).click();

    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('heading', { name: 'Genres' }).waitFor();
    await page.getByRole('table', { name: /Confusion matrix/ }).waitFor();
    await screenshot(page, '06-overview', { fullPage: true });

    // Review with the keyboard only.
    await page.getByRole('link', { name: /^Review/ }).click();
    const heading = page.locator('section[aria-label="Track under review"] h2');
    await heading.waitFor();
    await screenshot(page, '07-review');
    const pathOnScreen = async (): Promise<string> =>
      (await page.locator('section[aria-label="Track under review"] code').textContent()) ?? '';
    const trackIdOf = (path: string): number =>
      db.prepare('SELECT id FROM tracks WHERE path = ?').pluck().get(path) as number;

    // 1st: pick a genre by number key: the first key that is neither the prediction nor the tag.
    const first = await pathOnScreen();
    const choices = await page
      .getByRole('button', { name: /^Choose / })
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    const pick = choices.find((label) => !label.includes('predicted') && !label.includes('in the file'));
    expect(pick).toBeDefined();
    const [, pickName, pickKey] = /^Choose ([^:]+):.*key (\d)$/.exec(pick ?? '') ?? [];
    await page.keyboard.press(pickKey ?? '');
    await expect.poll(pathOnScreen).not.toBe(first);

    // 2nd: Enter accepts the prediction.
    const second = await pathOnScreen();
    await page.keyboard.press('Enter');
    await expect.poll(pathOnScreen).not.toBe(second);

    // 3rd: S skips.
    const third = await pathOnScreen();
    await page.keyboard.press('s');
    await expect.poll(pathOnScreen).not.toBe(third);

    // 4th: → passes without deciding; ← comes back to it.
    const fourth = await pathOnScreen();
    await page.keyboard.press('ArrowRight');
    await expect.poll(pathOnScreen).not.toBe(fourth);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(pathOnScreen).toBe(fourth);
    await page.keyboard.press('ArrowRight');

    // 5th: K keeps the file's own genre when it has one.
    const fifth = await pathOnScreen();
    const fifthHasTag = !(await page
      .locator('section[aria-label="Track under review"]')
      .getByText('no genre', { exact: true })
      .isVisible());
    await page.keyboard.press(fifthHasTag ? 'k' : 'Enter');
    await expect.poll(pathOnScreen).not.toBe(fifth);
    await screenshot(page, '08-review-after-decisions');

    const decision = (path: string): DecisionRow | undefined =>
      db.prepare('SELECT track_id, action, genre FROM decisions WHERE track_id = ?').get(trackIdOf(path)) as
        DecisionRow | undefined;
    const predictionOf = (path: string): string =>
      db.prepare('SELECT genre FROM current_predictions WHERE track_id = ?').pluck().get(trackIdOf(path)) as string;
    // Stored as the user chose it, by the name on screen (issue 11: a chosen name is never folded into an id).
    expect(decision(first)).toMatchObject({ action: 'choose', genre: pickName });
    expect(decision(second)).toMatchObject({ action: 'accept', genre: predictionOf(second) });
    expect(decision(third)).toMatchObject({ action: 'skip', genre: null });
    expect(decision(fourth)).toBeUndefined();
    expect(decision(fifth)?.action).toBe(fifthHasTag ? 'keep' : 'accept');
    const firstBefore = await fileGenres(first);

    // Write: dry run first, then the real thing.
    await page.getByRole('link', { name: 'Write tags' }).click();
    await page.getByRole('radio', { name: /Replace/ }).check();
    await screenshot(page, '09-write-options');
    await page.getByRole('button', { name: 'Preview changes' }).click();
    const planTitle = page.getByRole('heading', { name: /will change$/ });
    await planTitle.waitFor();
    await screenshot(page, '10-write-plan');
    const planned = Number(((await planTitle.textContent()) ?? '').match(/^(\d+)/)?.[1]);
    expect(planned).toBeGreaterThanOrEqual(2);
    const planRows = page.getByRole('table', { name: 'Planned changes' }).getByRole('row');
    await expect.poll(() => planRows.count()).toBe(Math.min(planned, 9) + 1);
    // Nothing has been written by the dry run.
    expect(await fileGenres(first)).toEqual(firstBefore);

    await page.getByRole('button', { name: /^Write \d+ files?$/ }).click();
    await page.getByText(/^Done: \d+ files? written$|^\d+ files? written, /).waitFor({ timeout: 120_000 });
    await page
      .getByRole('cell', { name: /^#\d+$/ })
      .first()
      .waitFor();
    await screenshot(page, '11-write-done-history');

    const batch = db
      .prepare("SELECT id FROM tag_write_batches WHERE kind = 'write' ORDER BY id DESC LIMIT 1")
      .pluck()
      .get() as number;
    const entries = db
      .prepare('SELECT path, status, genres_before, genres_after, error_kind FROM tag_write_entries WHERE batch_id = ?')
      .all(batch) as EntryRow[];
    expect(entries.length).toBe(planned);
    const ok = entries.filter((e) => e.status === 'ok');
    expect(ok.map((e) => e.path)).toEqual(expect.arrayContaining([first, second]));
    for (const e of ok) expect(await fileGenres(e.path)).toEqual(JSON.parse(e.genres_after));
    expect(await fileGenres(first)).toEqual([pickName]);
    expect(await fileGenres(second)).toEqual([
      DEFAULT_DISPLAY_NAMES[predictionOf(second) as keyof typeof DEFAULT_DISPLAY_NAMES] ?? predictionOf(second),
    ]);
    for (const e of entries.filter((x) => x.status !== 'ok'))
      expect(e.error_kind, `${e.path} not written without a reason`).toBeTruthy();

    // Undo from the history puts every file back as it was.
    await page.getByRole('button', { name: 'Undo' }).first().click();
    await page.getByText(`Undone by #`).waitFor({ timeout: 120_000 });
    const undo = db.prepare('SELECT undone_by FROM tag_write_batches WHERE id = ?').pluck().get(batch) as number | null;
    expect(undo).not.toBeNull();
    for (const e of ok) expect(await fileGenres(e.path)).toEqual(JSON.parse(e.genres_before ?? '[]'));
    expect(await fileGenres(first)).toEqual(firstBefore);
    await screenshot(page, '12-write-undone');

    // Playlists from the decisions.
    const out = join(work, 'Playlists');
    await page.getByRole('link', { name: 'Playlists' }).click();
    await page.getByLabel('Destination folder').fill(out);
    await page.getByRole('radio', { name: /M3U8/ }).check();
    await page.getByRole('radio', { name: /My decisions/ }).check();
    await screenshot(page, '13-playlists-form');
    await page.getByRole('button', { name: 'Export playlists' }).click();
    await page.getByRole('heading', { name: /playlists? written$/ }).waitFor();
    await screenshot(page, '14-playlists-written', { fullPage: true });
    const written = readdirSync(out).filter((f) => f.endsWith('.m3u8'));
    expect(written).toContain(`${pickName}.m3u8`);
    const rows = await page.locator('table tbody tr').count();
    expect(rows).toBe(written.length);
    for (const file of written) {
      const lines = readFileSync(join(out, file), 'utf8').split('\n');
      expect(lines[0]).toBe('#EXTM3U');
      const entriesIn = lines.filter((l) => l && !l.startsWith('#'));
      expect(entriesIn.length).toBeGreaterThan(0);
      for (const entry of entriesIn)
        expect(existsSync(resolve(dirname(join(out, file)), entry)), `${file}: ${entry}`).toBe(true);
    }
    const pickedList = readFileSync(join(out, `${pickName}.m3u8`), 'utf8');
    expect(pickedList).toContain(first.split('/').pop());

    // Problems: the broken files are listed with what to do about them.
    await page.getByRole('link', { name: /^Problems/ }).click();
    await page.getByText('zero-byte.mp3').waitFor();
    await expect
      .poll(() => page.getByText('The file is empty (0 bytes). Delete it, or copy it again from its source.').count())
      .toBeGreaterThan(0);
    await screenshot(page, '15-problems');

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Library folders' }).waitFor();
    await page.getByText(music).waitFor();
    await screenshot(page, '16-settings', { fullPage: true });

    expect(pageErrors).toEqual([]);
  });
});
