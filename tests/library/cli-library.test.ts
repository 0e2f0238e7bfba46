import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixtures, loadManifest } from './fixture-manifest.js';

// The compiled CLI, as users run it (`npm test` builds first).
const CLI = resolve(import.meta.dirname, '../../bin/genrewise.js');
const manifest = loadManifest();

let dir: string;
let music: string;
let dbPath: string;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(args: readonly string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: dir, ...env },
    cwd: dir,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gw-cli-library-'));
  music = join(dir, 'music');
  copyFixtures(music, { broken: true });
  dbPath = join(dir, 'library.db');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('genrewise scan / ls / stats / errors', () => {
  it('prints help for each command', () => {
    for (const name of ['scan', 'ls', 'stats', 'errors']) {
      const r = cli([name, '--help']);
      expect(r.status, name).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: genrewise ${name}`));
      expect(r.stdout).toContain('--json');
    }
  });

  it('scan --json prints the contract object, nothing on stderr when piped, and exits 1 for per-file errors', () => {
    const r = cli(['scan', music, '--db', dbPath, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const summary = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(summary).slice(0, 6)).toEqual(['files', 'added', 'updated', 'unchanged', 'removed', 'errors']);
    expect(summary).toMatchObject({
      files: manifest.files.length + manifest.broken.length,
      added: manifest.files.length,
      updated: 0,
      unchanged: 0,
      removed: 0,
      errors: manifest.broken.length,
    });
  });

  it('scan with no folder rescans the known folders (GENREWISE_DB picks the library)', () => {
    const r = cli(['scan', '--json'], { GENREWISE_DB: dbPath });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      files: manifest.files.length + manifest.broken.length,
      added: 0,
      unchanged: manifest.files.length,
      parsed: 0,
    });
  });

  it('scan exits 0 when every file reads, and prints a readable summary without --json', () => {
    const clean = join(dir, 'clean.db');
    const r = cli(['scan', join(music, 'library'), '--db', clean]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Scanned .*: ${manifest.files.length} audio files`));
    expect(r.stdout).toMatch(new RegExp(`${manifest.files.length} added`));
    expect(r.stderr).toBe('');
  });

  it('ls --json lists tracks with the documented fields, and --genre filters', () => {
    const r = cli(['ls', '--db', dbPath, '--json']);
    expect(r.status).toBe(0);
    const tracks = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(tracks).toHaveLength(manifest.files.length);
    for (const key of [
      'id',
      'path',
      'title',
      'artist',
      'album',
      'genres',
      'durationSec',
      'albumArtist',
      'year',
      'trackNo',
      'discNo',
      'format',
      'container',
      'codec',
      'sampleRate',
      'channels',
      'bitrate',
      'size',
    ]) {
      expect(tracks[0], key).toHaveProperty(key);
    }
    const jazz = JSON.parse(cli(['ls', '--db', dbPath, '--genre', 'jazz', '--json']).stdout) as {
      path: string;
      genres: string[];
    }[];
    expect(jazz.map((t) => t.path)).toEqual([join(music, 'library', 'flac', 'repeated-genre-cover.flac')]);
    expect(jazz[0]?.genres).toEqual(['Jazz', 'Blues']);
    const table = cli(['ls', '--db', dbPath, '--genre', 'Jazz']);
    expect(table.stdout).toMatch(/Two Genre Fields/);
    expect(table.stdout.trim().split('\n')).toHaveLength(3); // header, one track, count
  });

  it('stats --json counts by format and genre, and errors', () => {
    const r = cli(['stats', '--db', dbPath, '--json']);
    expect(r.status).toBe(0);
    const stats = JSON.parse(r.stdout) as {
      tracks: number;
      errors: number;
      byFormat: { key: string; count: number }[];
      byGenre: { key: string; count: number }[];
    };
    expect(stats.tracks).toBe(manifest.files.length);
    expect(stats.errors).toBe(manifest.broken.length);
    expect(stats.byFormat.find((c) => c.key === 'mp3')?.count).toBe(
      manifest.files.filter((f) => f.format === 'mp3').length,
    );
    expect(stats.byGenre.find((c) => c.key === 'Rock')?.count).toBe(2);
    expect(cli(['stats', '--db', dbPath]).stdout).toMatch(/^Tracks: +13 /m);
  });

  it('errors --json lists each unreadable file with its kind and reason', () => {
    const r = cli(['errors', '--db', dbPath, '--json']);
    expect(r.status).toBe(0);
    const errors = JSON.parse(r.stdout) as { path: string; kind: string; message: string }[];
    expect(errors.map((e) => [e.path.slice(e.path.lastIndexOf('/') + 1), e.kind]).sort()).toEqual(
      manifest.broken.map((b) => [b.path, b.kind]).sort(),
    );
    expect(cli(['errors', '--db', dbPath]).stdout).toMatch(/truncated +.*truncated\.flac/);
  });

  it('exits 2 with one line on stderr for bad usage and fatal errors', () => {
    const cases: [string[], RegExp][] = [
      [['scan', '--bogus', '--db', dbPath], /unknown option --bogus \(see/],
      [['scan', join(dir, 'no-such-folder'), '--db', dbPath], /folder not found/],
      [['scan', '--db', join(dir, 'empty.db')], /no folder given/],
      [['ls', '--db', join(dir, 'missing.db')], /no library at/],
      [['ls', '--db', dbPath, '--limit', 'zero'], /invalid value for --limit/],
      [['stats', 'extra', '--db', dbPath], /unexpected argument/],
    ];
    for (const [args, message] of cases) {
      const r = cli(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });
});
