// Loaded into every Node process of a benchmarked `genrewise analyze` run (NODE_OPTIONS=--import):
// at exit, appends the process's role and CPU seconds to the file GENREWISE_BENCH_CPU_LOG names,
// so the bench can say where the run's CPU went (the CLI, its workers, the ffmpeg launcher; what
// the process tree used beyond them is ffmpeg's).
import { appendFileSync } from 'node:fs';
import { basename } from 'node:path';

const log = process.env.GENREWISE_BENCH_CPU_LOG;
if (log) {
  process.on('exit', () => {
    const script = basename(process.argv[1] ?? '');
    const role = script.startsWith('analysis-worker')
      ? 'workers'
      : script.startsWith('launcher-process')
        ? 'launcher'
        : script.startsWith('genrewise')
          ? 'cli'
          : 'other';
    const used = process.cpuUsage();
    appendFileSync(log, `${role} ${(used.user + used.system) / 1e6}\n`);
  });
}
