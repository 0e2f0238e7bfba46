import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analysisChildEnv } from '../../core/analysis/child-env.js';
import { startFfmpegLauncher } from '../../core/analysis/decode/launched-ffmpeg.js';
import { workerStartFailure, writeReportingWorker } from './helpers/stand-in-worker.js';

const LAUNCHER = resolve(import.meta.dirname, '../../dist/node/core/analysis/decode/launcher-process.js');
const CERTS = 'NODE_EXTRA_CA_CERTS';

describe('the environment of the analysis processes', () => {
  let dir: string;
  let saved: string | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'genrewise-child-env-'));
    saved = process.env[CERTS];
    process.env[CERTS] = join(dir, 'proxy-ca.pem');
  });
  afterEach(() => {
    if (saved === undefined) delete process.env[CERTS];
    else process.env[CERTS] = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('is the parent’s without the extra CA certificates, which Node would parse at start-up', () => {
    const env = { PATH: '/usr/bin', HOME: '/home/u', [CERTS]: '/etc/proxy.pem', GENREWISE_FFMPEG: '/x/ffmpeg' };
    expect(analysisChildEnv(env)).toEqual({ PATH: '/usr/bin', HOME: '/home/u', GENREWISE_FFMPEG: '/x/ffmpeg' });
    expect(env[CERTS]).toBe('/etc/proxy.pem');
  });

  it('reaches a worker without them, from process.env or a given env', async () => {
    const workerPath = writeReportingWorker(
      dir,
      "certs: ${process.env.NODE_EXTRA_CA_CERTS ?? 'unset'} mark: ${process.env.MARK ?? 'unset'}",
    );
    expect(await workerStartFailure({ workerPath })).toContain('certs: unset mark: unset');
    const env = { ...process.env, MARK: 'given' };
    expect(await workerStartFailure({ workerPath, env })).toContain('certs: unset mark: given');
  });

  it.skipIf(process.platform !== 'linux')('reaches the ffmpeg launcher without them', async () => {
    const launcher = await startFfmpegLauncher({ launcherPath: LAUNCHER });
    expect(launcher?.pid).toBeDefined();
    try {
      const environ = readFileSync(`/proc/${launcher!.pid}/environ`, 'utf8').split('\0');
      expect(environ).toContain('ELECTRON_RUN_AS_NODE=1');
      expect(environ.filter((v) => v.startsWith(`${CERTS}=`))).toEqual([]);
    } finally {
      await launcher!.close();
    }
  });
});
