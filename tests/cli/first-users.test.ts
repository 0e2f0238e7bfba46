import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { excludeMatcher } from '../../core/library/exclude-globs.js';
import { ProgressBar } from '../../core/cli/progress.js';
import { PassThrough } from 'node:stream';
import { truncatedAgainstHeader } from '../../core/library/truncation.js';
import { bundledFfmpeg } from '../analysis/helpers/audio.js';
import { paginate, renumberPage } from '../../core/tags/formats/ogg-page.js';
import { runCli } from '../helpers/cli.js';
import { seedTracks, tempLibrary, type TempLibrary } from '../helpers/library.js';

/** Issue 13, items 13–23: what the first users hit in the terminal. */

describe('genrewise accept --above (issue 13, item 13)', () => {
  let lib: TempLibrary;
  beforeEach(() => {
    lib = tempLibrary();
    seedTracks(lib.db, [
      { path: '/music/a.mp3', predicted: 'rock', confidence: 0.95, genres: ['Rock'] }, // agrees with its tag
      { path: '/music/b.mp3', predicted: 'jazz', confidence: 0.9, genres: [] }, //         untagged
      { path: '/music/c.mp3', predicted: 'pop', confidence: 0.9, genres: ['Metal'] }, //   disagrees
      { path: '/music/d.mp3', predicted: 'blues', confidence: 0.5, genres: [] }, //        not confident
    ]);
  });
  afterEach(() => lib.close());

  const logRows = (): number => lib.db.prepare('SELECT COUNT(*) FROM decision_log').pluck().get() as number;

  it('accepts each confident prediction once: a second run accepts and logs nothing', async () => {
    const first = await runCli(['accept', '--above', '0.8', '--json', '--db', lib.dbPath]);
    expect(first.code).toBe(0);
    // Untagged tracks are accepted (nothing contradicts them); a disagreeing tag is left for a person.
    expect(JSON.parse(first.stdout)).toEqual({ accepted: 2, above: 0.8 });
    expect(logRows()).toBe(2);
    const second = await runCli(['accept', '--above', '0.8', '--json', '--db', lib.dbPath]);
    expect(JSON.parse(second.stdout)).toEqual({ accepted: 0, above: 0.8 });
    expect(logRows()).toBe(2);
  });

  it('re-accepts a bulk-accepted track only when its prediction changed', async () => {
    await runCli(['accept', '--above', '0.8', '--db', lib.dbPath]);
    lib.db.prepare("UPDATE current_predictions SET genre = 'blues' WHERE genre = 'jazz'").run();
    const again = await runCli(['accept', '--above', '0.8', '--json', '--db', lib.dbPath]);
    expect(JSON.parse(again.stdout)).toEqual({ accepted: 1, above: 0.8 });
    const genre = lib.db
      .prepare("SELECT genre FROM decisions WHERE source = 'model' AND genre = 'blues'")
      .pluck()
      .get();
    expect(genre).toBe('blues');
  });

  it('says in its help that untagged tracks are accepted and disagreeing tags are not', async () => {
    const help = await runCli(['accept', '--help']);
    expect(help.stdout).toMatch(/untagged/i);
    expect(help.stdout).toMatch(/disagree/i);
  });
});

describe('genre names typed and tagged are matched alike (issue 13, item 16)', () => {
  let lib: TempLibrary;
  let ids: number[];
  beforeEach(() => {
    lib = tempLibrary();
    ids = seedTracks(lib.db, [
      { path: '/music/a.mp3', predicted: 'metal', confidence: 0.9, genres: ['Heavy-Metal'] },
      { path: '/music/b.mp3', predicted: 'rock', confidence: 0.9, genres: [] },
    ]);
  });
  afterEach(() => lib.close());

  it('a tag spelled heavy-metal agrees with a metal prediction, as "Heavy Metal" does', async () => {
    const accepted = await runCli(['accept', '--above', '0.8', '--json', '--db', lib.dbPath]);
    expect(JSON.parse(accepted.stdout)).toEqual({ accepted: 2, above: 0.8 });
  });

  it('decide ID heavy-metal stores the name as typed, and it names the same genre as the alias', async () => {
    const result = await runCli(['decide', String(ids[1]), 'heavy-metal', '--json', '--db', lib.dbPath]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ action: 'choose', genre: 'heavy-metal' });
    const help = await runCli(['decide', '--help']);
    expect(help.stdout).toMatch(/heavy-metal/);
    expect(help.stdout).toMatch(/--json {2,}\S/);
  });
});

const FIXTURES = resolve(import.meta.dirname, '../fixtures/library');

describe('scan passes over hidden and system files and honours exclusions (issue 13, item 18)', () => {
  let dir: string;
  let music: string;
  let dbPath: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gw-skip-'));
    music = join(dir, 'music');
    dbPath = join(dir, 'library.db');
    for (const sub of ['Album', 'Podcasts', 'Live/2019', '.Trashes']) mkdirSync(join(music, sub), { recursive: true });
    const mp3 = join(FIXTURES, 'mp3/id3v23-slash-cover.mp3');
    copyFileSync(mp3, join(music, 'Album/song.mp3'));
    copyFileSync(mp3, join(music, 'Podcasts/episode.mp3'));
    copyFileSync(mp3, join(music, 'Live/2019/set.mp3'));
    copyFileSync(mp3, join(music, '.Trashes/deleted.mp3'));
    copyFileSync(join(FIXTURES, 'flac/untagged.flac'), join(music, 'Album/other.flac'));
    // What a Mac or Windows leaves beside the music: an AppleDouble companion is not audio at all.
    writeFileSync(join(music, 'Album/._song.mp3'), Buffer.from([0, 5, 22, 7, 0, 2, 0, 0]));
    writeFileSync(join(music, 'Album/.DS_Store'), 'Bud1');
    writeFileSync(join(music, 'Album/Thumbs.db'), 'x');
    writeFileSync(join(music, 'Album/.hidden.flac'), 'not flac');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const paths = async (): Promise<string[]> => {
    const ls = await runCli(['ls', '--json', '--db', dbPath]);
    const rows = JSON.parse(ls.stdout) as { path: string }[] | { tracks: { path: string }[] };
    const list = Array.isArray(rows) ? rows : rows.tracks;
    return list.map((t) => t.path.slice(music.length + 1)).sort();
  };

  it('a library copied from a Mac scans with exit 0 and no errors', async () => {
    const scan = await runCli(['scan', music, '--json', '--db', dbPath]);
    expect(JSON.parse(scan.stdout)).toMatchObject({ errors: 0 });
    expect(scan.code).toBe(0);
    expect(await paths()).toEqual(['Album/other.flac', 'Album/song.mp3', 'Live/2019/set.mp3', 'Podcasts/episode.mp3']);
  });

  it('scan --exclude (repeatable) and the scan.exclude setting leave files and folders out', async () => {
    const scan = await runCli(['scan', music, '--exclude', 'Podcasts', '--exclude', '*.flac', '--db', dbPath]);
    expect(scan.code).toBe(0);
    expect(await paths()).toEqual(['Album/song.mp3', 'Live/2019/set.mp3']);
    const set = await runCli(['settings', 'scan.exclude', '["Live/**"]', '--db', dbPath]);
    expect(set.code).toBe(0);
    await runCli(['scan', '--db', dbPath]);
    expect(await paths()).toEqual(['Album/other.flac', 'Album/song.mp3', 'Podcasts/episode.mp3']);
  });

  it('matches like gitignore: names at any depth, paths from the library folder', () => {
    const m = excludeMatcher(['Podcasts', '*.wav', 'Live/**', '/Incoming/', 'a?c']);
    expect(m('Podcasts', true)).toBe(true);
    expect(m('Rock/Podcasts', true)).toBe(true);
    expect(m('Rock/x.wav', false)).toBe(true);
    expect(m('Rock/x.wav.mp3', false)).toBe(false);
    expect(m('Live/2019/set.mp3', false)).toBe(true);
    expect(m('Rock/Live/set.mp3', false)).toBe(false);
    expect(m('Incoming', true)).toBe(true);
    expect(m('Incoming', false)).toBe(false);
    expect(m('abc', false)).toBe(true);
    expect(m('a/c', false)).toBe(false);
    expect(excludeMatcher([])('anything', true)).toBe(false);
  });
});

describe('a truncated mp3 is a truncated error, not a short track (issue 13, item 22)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gw-cut-'));
    mkdirSync(join(dir, 'music'));
    const full = join(dir, 'music/full.mp3');
    const made = spawnSync(bundledFfmpeg().path, [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=291'],
      ...['-ac', '1', '-ar', '22050', '-b:a', '32k', full],
    ]);
    expect(made.status).toBe(0);
    writeFileSync(join(dir, 'music/cut.mp3'), readFileSync(full).subarray(0, 200_000));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compares the header duration with the bytes there are, at scan', async () => {
    const dbPath = join(dir, 'library.db');
    const scan = await runCli(['scan', join(dir, 'music'), '--json', '--db', dbPath]);
    expect(scan.code).toBe(1);
    expect(JSON.parse(scan.stdout)).toMatchObject({ added: 1, errors: 1 });
    const errors = await runCli(['errors', '--json', '--db', dbPath]);
    const list = JSON.parse(errors.stdout) as { path: string; kind: string; message: string }[];
    expect(list.map((e) => [e.path.slice(dir.length + 1), e.kind])).toEqual([['music/cut.mp3', 'truncated']]);
    expect(list[0]!.message).toMatch(/about 0:50 of the 4:51 its header gives/);
  });

  it('claims nothing for complete, variable-bitrate or slightly short files', () => {
    const cbr = { container: 'MPEG', codecProfile: 'CBR', duration: 291, bitrate: 128_000 };
    expect(truncatedAgainstHeader(cbr, 4_656_945)).toBeUndefined();
    expect(truncatedAgainstHeader(cbr, 200_000)).toMatch(/about 0:13 of the 4:51/);
    expect(truncatedAgainstHeader(cbr, 4_600_000)).toBeUndefined(); // a few frames short
    expect(truncatedAgainstHeader({ ...cbr, codecProfile: 'V0' }, 200_000)).toBeUndefined();
    expect(truncatedAgainstHeader({ ...cbr, container: 'FLAC' }, 200_000)).toBeUndefined();
  });
});

describe('ls shows predictions and decisions; undo --dry-run; failures name the path once (items 21, 15)', () => {
  let dir: string;
  let music: string;
  let dbPath: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gw-ls-'));
    music = join(dir, 'music');
    dbPath = join(dir, 'library.db');
    mkdirSync(music);
    copyFileSync(join(FIXTURES, 'mp3/id3v23-slash-cover.mp3'), join(music, 'a.mp3'));
    copyFileSync(join(FIXTURES, 'mp3/id3v24-numeric.mp3'), join(music, 'b.mp3'));
    copyFileSync(join(FIXTURES, 'flac/untagged.flac'), join(music, 'c.flac'));
    expect((await runCli(['scan', music, '--db', dbPath])).code).toBe(0);
  });
  afterEach(() => {
    chmodSync(join(music, 'a.mp3'), 0o644);
    rmSync(dir, { recursive: true, force: true });
  });

  const idOf = async (name: string): Promise<number> => {
    const rows = JSON.parse((await runCli(['ls', '--json', '--db', dbPath])).stdout) as { id: number; path: string }[];
    return rows.find((r) => r.path.endsWith(name))!.id;
  };

  it('ls text has PREDICTED, CONF and DECISION columns, and --decided lists only decided tracks', async () => {
    const a = await idOf('a.mp3');
    const b = await idOf('b.mp3');
    const { openLibrary } = await import('../../core/service/library-schema.js');
    const db = openLibrary(dbPath);
    try {
      seedPrediction(db, b, 'jazz', 0.72);
    } finally {
      db.close();
    }
    await runCli(['decide', String(a), 'Bossa Nova', '--db', dbPath]);
    const text = (await runCli(['ls', '--db', dbPath])).stdout;
    const [header, ...lines] = text.split('\n');
    expect(header).toMatch(/GENRES +PREDICTED +CONF +DECISION +ARTIST/);
    expect(lines.find((l) => l.includes('b.mp3'))).toMatch(/jazz +72%/);
    expect(lines.find((l) => l.includes('a.mp3'))).toMatch(/Bossa Nova/);
    const decided = await runCli(['ls', '--decided', '--json', '--db', dbPath]);
    const rows = JSON.parse(decided.stdout) as { path: string; decision: { genre: string } | null }[];
    expect(rows.map((r) => [r.path.slice(music.length + 1), r.decision?.genre])).toEqual([['a.mp3', 'Bossa Nova']]);
    expect((await runCli(['ls', '--decided', '--db', dbPath])).stdout).toMatch(/\n1 track\n$/);
  });

  it('undo --dry-run changes nothing; a refused file is named once', async () => {
    const a = await idOf('a.mp3');
    await runCli(['decide', String(a), 'Bossa Nova', '--db', dbPath]);
    const write = await runCli(['write-tags', '--only-decided', '--db', dbPath]);
    expect(write.code, write.stderr).toBe(0);
    const written = readFileSync(join(music, 'a.mp3'));
    const dry = await runCli(['undo', '--dry-run', '--db', dbPath]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/a\.mp3\n +Bossa Nova +→ +/);
    expect(dry.stdout).toMatch(/would restore 1 file; .*Nothing was changed/);
    expect(readFileSync(join(music, 'a.mp3')).equals(written)).toBe(true);
    chmodSync(join(music, 'a.mp3'), 0o444);
    const undo = await runCli(['undo', '--db', dbPath]);
    expect(undo.code).toBe(1);
    const line = undo.stdout.split('\n').find((l) => l.includes('failed:'))!;
    expect(line.split(join(music, 'a.mp3')).length - 1).toBe(1);
  });

  it("errors lists a failed write as the app's Problems does, the path once (item 2)", async () => {
    const a = await idOf('a.mp3');
    await runCli(['decide', String(a), 'Bossa Nova', '--db', dbPath]);
    chmodSync(join(music, 'a.mp3'), 0o444);
    expect((await runCli(['write-tags', '--only-decided', '--db', dbPath])).code).toBe(1);
    const json = JSON.parse((await runCli(['errors', '--json', '--db', dbPath])).stdout) as {
      path: string;
      stage: string;
      kind: string;
    }[];
    expect(json.filter((e) => e.stage === 'write').map((e) => [e.path, e.kind])).toEqual([
      [join(music, 'a.mp3'), 'read-only'],
    ]);
    const text = (await runCli(['errors', '--db', dbPath])).stdout;
    expect(text).toMatch(/^Write \(1\):\nread-only +\S*a\.mp3\n +the file is marked read-only\n/m);
  });
});

function seedPrediction(
  db: import('../../core/library/db.js').Database,
  trackId: number,
  genre: string,
  confidence: number,
) {
  db.prepare(
    `INSERT INTO predictions (track_id, model_id, genre, probability, confidence, probabilities, predicted_at)
     VALUES (?, 'svc', ?, ?, ?, '{}', ?)`,
  ).run(trackId, genre, confidence, confidence, new Date().toISOString());
  db.prepare(
    `INSERT INTO current_predictions (track_id, model_id, source, genre, confidence, unfamiliar) VALUES (?, 'svc', 'default', ?, ?, 0)`,
  ).run(trackId, genre, confidence);
}

describe('the CLI rough edges (issue 13, item 20)', () => {
  let dir: string;
  let dbPath: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gw-edges-'));
    dbPath = join(dir, 'library.db');
    cpSync(join(FIXTURES, 'mp3'), join(dir, 'music'), { recursive: true });
    expect((await runCli(['scan', join(dir, 'music'), '--db', dbPath])).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('an edited playlist gets the same warning on every run', async () => {
    const out = join(dir, 'out');
    const first = await runCli(['playlists', '--source', 'tags', '--out', out, '--db', dbPath]);
    expect(first.code).toBe(0);
    appendFileSync(join(out, 'Rock.m3u8'), '# mine\n');
    const warnings: string[] = [];
    for (let i = 0; i < 3; i++) {
      const again = await runCli(['playlists', '--source', 'tags', '--out', out, '--db', dbPath]);
      warnings.push(again.stderr);
    }
    expect(warnings[0]).toMatch(/Rock\.m3u8 was edited since Genrewise wrote it/);
    expect(new Set(warnings).size).toBe(1);
  });

  it.each([
    [['ls', '--limit', '-5'], 'ls: invalid value for --limit: "-5"'],
    [['scan', '--bogus'], 'scan: unknown option --bogus (see `genrewise scan --help`)'],
    [['accept', '--above'], 'accept: --above needs a value'],
    [['ls', '--json=1'], 'ls: --json takes no value'],
  ])('%j gives a clear usage error', async (argv, message) => {
    const r = await runCli([...argv, '--db', dbPath]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`genrewise ${message}`);
    expect(r.stderr).not.toMatch(/ambiguous|positional argument/);
  });

  it('every help has one style: Usage first, option descriptions in one column, exit codes where they vary', async () => {
    const { COMMANDS } = await import('../../core/cli/commands/index.js');
    for (const c of COMMANDS) {
      const help = (await runCli([c.name, '--help'])).stdout;
      expect(help.startsWith(`Usage: genrewise ${c.name}`), c.name).toBe(true);
      const columns = new Set(
        help
          .split('\n')
          .map((l) => /^ {2}(-{1,2}\S.*?) {2,}\S/.exec(l))
          .filter((m) => m !== null)
          .map((m) => m[0].length - 1),
      );
      expect(columns.size, `${c.name}: ${[...columns].join(', ')}`).toBeLessThanOrEqual(1);
    }
    expect((await runCli(['playlists', '--help'])).stdout).toMatch(/Exit status: 0 /);
  });
});

describe('the progress bar on a terminal that reports 0 columns (issue 13, item 14)', () => {
  const draw = (columns: number | undefined, note: string, total?: number): string => {
    const stream = Object.assign(new PassThrough(), { columns });
    let out = '';
    stream.on('data', (d: Buffer) => (out += d.toString()));
    new ProgressBar(stream, true, 'reading tags').update(3, total, note);
    return out;
  };

  it('draws the whole line instead of dropping characters', () => {
    expect(draw(0, 'found')).toMatch(/^\rreading tags 3 \d+\.\d\/s found$/);
    expect(draw(0, '', 10)).toMatch(/ETA (\d\d:\d\d|--:--)$/);
    expect(draw(undefined, 'found')).toMatch(/found$/);
    // A real width still cuts the line to fit.
    expect(draw(20, 'found')).toMatch(/^\rreading tags 3 .{4}$/);
  });
});

describe('undo gives Ogg files back byte for byte (issue 13, item 23)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gw-ogg-'));
    mkdirSync(join(dir, 'music'));
    // ffmpeg puts each header packet on a page of its own, as the files users reported.
    for (const [name, codec] of [
      ['vorbis.ogg', 'libvorbis'],
      ['opus.opus', 'libopus'],
    ] as const) {
      const made = spawnSync(bundledFfmpeg().path, [
        ...['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=3'],
        ...['-c:a', codec, '-metadata', 'genre=Rock', join(dir, 'music', name)],
      ]);
      expect(made.status).toBe(0);
    }
    // As other taggers leave them: the comment header on a page of its own, the setup on the next.
    writeFileSync(join(dir, 'music/split.ogg'), splitCommentPage(readFileSync(join(dir, 'music/vorbis.ogg'))));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('write-tags then undo restores every byte', async () => {
    const dbPath = join(dir, 'library.db');
    const music = join(dir, 'music');
    const before = FILES.map((n) => readFileSync(join(music, n)));
    expect((await runCli(['scan', music, '--db', dbPath])).code).toBe(0);
    const rows = JSON.parse((await runCli(['ls', '--json', '--db', dbPath])).stdout) as { id: number }[];
    for (const r of rows) await runCli(['decide', String(r.id), 'Bossa Nova', '--db', dbPath]);
    const write = await runCli(['write-tags', '--only-decided', '--json', '--db', dbPath]);
    expect(JSON.parse(write.stdout)).toMatchObject({ written: 3, failed: 0 });
    const undo = await runCli(['undo', '--json', '--db', dbPath]);
    expect(JSON.parse(undo.stdout)).toMatchObject({ written: 3, failed: 0 });
    const after = FILES.map((n) => readFileSync(join(music, n)));
    expect(after.map((b) => b.length)).toEqual(before.map((b) => b.length));
    after.forEach((b, i) => expect(b.equals(before[i]!), FILES[i]).toBe(true));
  });
});

const FILES = ['vorbis.ogg', 'opus.opus', 'split.ogg'];

/** The Ogg file with its second page (comment + setup headers) split into one page per packet. */
function splitCommentPage(file: Buffer): Buffer {
  const pageAt = (at: number) => {
    const n = file[at + 26]!;
    const lacing = [...file.subarray(at + 27, at + 27 + n)];
    const size = 27 + n + lacing.reduce((a, b) => a + b, 0);
    return { at, n, lacing, size };
  };
  const first = pageAt(0);
  const second = pageAt(first.size);
  const body = file.subarray(second.at + 27 + second.n, second.at + second.size);
  const commentLength = second.lacing.slice(0, second.lacing.findIndex((l) => l < 255) + 1).reduce((a, b) => a + b, 0);
  const serial = file.readUInt32LE(14);
  const headers = paginate([body.subarray(0, commentLength), body.subarray(commentLength)], serial, 1, new Set([0]));
  expect(headers).toHaveLength(2);
  const rest = Buffer.from(file.subarray(second.at + second.size));
  for (let at = 0; at < rest.length;) {
    const page = pageAt(second.at + second.size + at);
    renumberPage(rest.subarray(at, at + page.size), rest.readUInt32LE(at + 18) + 1);
    at += page.size;
  }
  return Buffer.concat([file.subarray(0, first.size), ...headers, rest]);
}
