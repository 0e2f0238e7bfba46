import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LabelledSetError, parseLabelsTsv, readLabelledSet, setName } from '../../core/evaluation/labelled-set.js';

const dir = mkdtempSync(join(tmpdir(), 'genrewise-labelled-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseLabelsTsv', () => {
  it('reads path<TAB>genre without a header, relative to the base folder, through the alias table', () => {
    const rows = parseLabelsTsv('a.mp3\tHip-Hop\nsub/b.flac\trap\n/abs/c.ogg\tRock\n\n', '/music');
    expect(rows).toEqual([
      { path: '/music/a.mp3', genre: 'hiphop', label: 'Hip-Hop' },
      { path: '/music/sub/b.flac', genre: 'hiphop', label: 'rap' },
      { path: '/abs/c.ogg', genre: 'rock', label: 'Rock' },
    ]);
  });

  it('takes the label_gtzan column of the shared real-world labels.tsv layout', () => {
    const text = 'file\tlabel_gtzan\tlabel_source\tconfidence\nx.ogg\tclassical\twaltz (piano)\tlow\n';
    expect(parseLabelsTsv(text, '/d')).toEqual([{ path: '/d/x.ogg', genre: 'classical', label: 'classical' }]);
  });

  it('prefers a column named genre, keeps unknown genres lower-cased, skips comment lines', () => {
    const text = '# made by hand\npath\tnote\tgenre\nx.ogg\tloud\tSynthwave\n';
    expect(parseLabelsTsv(text, '/d')).toEqual([{ path: '/d/x.ogg', genre: 'synthwave', label: 'Synthwave' }]);
  });

  it('names the line of a row without a genre', () => {
    expect(() => parseLabelsTsv('file\tgenre\nx.ogg\n', '/d', 'l.tsv')).toThrow(/l\.tsv, line 2/);
  });
});

describe('readLabelledSet', () => {
  it('reads a folder of genre folders (audio only, nested, sorted) and a folder holding labels.tsv', () => {
    const root = join(dir, 'folders');
    mkdirSync(join(root, 'Jazz', 'live'), { recursive: true });
    mkdirSync(join(root, 'metal'));
    writeFileSync(join(root, 'Jazz', 'b.flac'), '');
    writeFileSync(join(root, 'Jazz', 'live', 'a.mp3'), '');
    writeFileSync(join(root, 'Jazz', 'cover.jpg'), '');
    writeFileSync(join(root, 'metal', 'x.ogg'), '');
    const set = readLabelledSet(root);
    expect(set.recordings.map((r) => [r.path.slice(root.length + 1), r.genre])).toEqual([
      ['Jazz/b.flac', 'jazz'],
      ['Jazz/live/a.mp3', 'jazz'],
      ['metal/x.ogg', 'metal'],
    ]);
    expect(setName(set)).toBe('folders');

    const withTsv = join(dir, 'devset');
    mkdirSync(withTsv);
    writeFileSync(join(withTsv, 'labels.tsv'), 'file\tlabel_gtzan\nq.ogg\tpop\n');
    const fromTsv = readLabelledSet(withTsv);
    expect(fromTsv.source).toBe(join(withTsv, 'labels.tsv'));
    expect(fromTsv.recordings).toEqual([{ path: join(withTsv, 'q.ogg'), genre: 'pop', label: 'pop' }]);
    expect(setName(fromTsv)).toBe('devset');
  });

  it('refuses a missing path and an empty set with LabelledSetError', () => {
    expect(() => readLabelledSet(join(dir, 'absent'))).toThrow(LabelledSetError);
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(() => readLabelledSet(empty)).toThrow(/no labelled recordings/);
  });
});
