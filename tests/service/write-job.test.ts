import { cpSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../shared/api/types.js';
import { scanFolders } from '../../core/library/scan.js';
import { decide } from '../../core/decisions/decisions.js';
import type { ApiService } from '../../core/service/types.js';
import { countOutcomes } from '../../core/tags/outcome-counts.js';
import { tempLibrary, type TempLibrary } from '../helpers/library.js';
import { serviceWithoutAnalysis } from '../helpers/service.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/library/mp3');

function finished(service: ApiService, id: string): Promise<JobProgress> {
  return new Promise((done) => {
    const stop = service.subscribe((event, payload) => {
      const job = payload as JobProgress;
      if (event === 'job' && job.id === id && ['done', 'failed', 'cancelled'].includes(job.state)) {
        stop();
        done(job);
      }
    });
  });
}

describe('a partly failed tag write', () => {
  let lib: TempLibrary;
  let service: ApiService;
  let music: string;

  beforeEach(async () => {
    lib = tempLibrary('gw-write-job-');
    music = join(lib.dir, 'music');
    cpSync(FIXTURES, music, { recursive: true });
    await scanFolders(lib.db, [music]);
    const ids = lib.db.prepare('SELECT id FROM tracks ORDER BY path').pluck().all() as number[];
    for (const id of ids) decide(lib.db, id, { action: 'choose', genre: 'Jazz' });
    service = serviceWithoutAnalysis(lib.db);
  });

  afterEach(async () => {
    await service.close();
    lib.close();
  });

  it('reports written, failed and refused counts, and lists each failed file in Problems', async () => {
    // One file vanishes (a failure: nothing we could do), one changed after the scan (refused: the
    // user's edit must not be overwritten).
    rmSync(join(music, 'id3v1-only.mp3'));
    const changed = join(music, 'id3v24-numeric.mp3');
    writeFileSync(changed, Buffer.concat([Buffer.from('x'), Buffer.alloc(0)]), { flag: 'a' });
    utimesSync(changed, new Date(), new Date(Date.now() + 5000));

    const started = await service.handlers['jobs.write']({ mode: 'replace', onlyDecided: true });
    const job = await finished(service, started.id);
    expect(job.state).toBe('done');
    expect(job.result).toMatchObject({ written: 2, failed: 1, refused: 1, skipped: 0 });
    expect(job.errors).toBe(2);
    expect(job.message).toContain('2 written');

    const problems = (await service.handlers['library.errors']({})).filter((e) => e.stage === 'write');
    expect(problems.map((p) => [p.path, p.kind]).sort()).toEqual([
      [join(music, 'id3v1-only.mp3'), 'not-found'],
      [changed, 'changed-since-scan'],
    ]);
    expect(problems.every((p) => p.message.length > 0)).toBe(true);
    // Problems shows the file beside the reason: the reason does not name the path again.
    expect(problems.filter((p) => p.message.includes(p.path))).toEqual([]);
  });

  it('drops a file from Problems once a later write succeeds', async () => {
    const changed = join(music, 'id3v24-numeric.mp3');
    utimesSync(changed, new Date(), new Date(Date.now() + 5000));
    const first = await service.handlers['jobs.write']({ mode: 'replace', onlyDecided: true });
    expect((await finished(service, first.id)).result?.refused).toBe(1);
    expect((await service.handlers['library.errors']({})).some((e) => e.stage === 'write')).toBe(true);
    await scanFolders(lib.db, [music]);
    const second = await service.handlers['jobs.write']({ mode: 'replace', onlyDecided: true });
    expect((await finished(service, second.id)).result).toMatchObject({ written: 1, failed: 0, refused: 0 });
    expect((await service.handlers['library.errors']({})).some((e) => e.stage === 'write')).toBe(false);
  });
});

describe('counting outcomes', () => {
  it('splits failures into refusals (to protect the file) and failures', () => {
    expect(
      countOutcomes(3, [
        { status: 'written' },
        { status: 'skipped' },
        { status: 'failed', errorKind: 'read-only' },
        { status: 'failed', errorKind: 'changed-since-scan' },
        { status: 'failed', errorKind: 'unsupported' },
      ]),
    ).toEqual({ batch: 3, written: 1, skipped: 1, failed: 1, refused: 2 });
  });
});
