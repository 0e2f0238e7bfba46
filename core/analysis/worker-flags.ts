/**
 * V8 flags an analysis worker process starts with, on its command line (fork's execArgv, or
 * execArgv of Electron's utilityProcess.fork). They cannot be set from inside the worker as
 * --no-liftoff is (worker.ts): V8 reads them when the isolate starts, and setting
 * --single-threaded later crashes the garbage collector.
 *
 * --single-threaded: JIT compilation and garbage collection on the worker's own thread instead of
 * V8's background threads. A worker's CPU goes to its first windows' JIT (JavaScript optimised
 * by TurboFan in the background, ~0.1 s per worker) and to collections; handing that work to
 * helper threads and synchronising with them costs CPU of its own, most of all with two workers
 * and their ffmpegs already sharing two cores. Measured on `genrewise analyze` of eight 4-minute
 * tracks with two workers (12 paired runs): 0.510 → 0.483 CPU s per track (median). The machine
 * code is the same either way, so the features are the same bits.
 */
export const ANALYSIS_WORKER_EXEC_ARGV: readonly string[] = ['--single-threaded'];
