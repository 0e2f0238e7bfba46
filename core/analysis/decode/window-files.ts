/**
 * Where ffmpeg writes a window's samples: a file in this process's private folder (tmpfs where
 * there is one), read back in one go once ffmpeg has exited, instead of a pipe.
 *
 * Why, measured on `genrewise analyze` (2 cores): a 30 s window is 5.3 MB of stereo float32. Through
 * a pipe it arrives in 64 KB pieces, each a wake-up of the worker and of ffmpeg: 10–18 ms of the
 * worker's CPU per window, against ~7 ms for reading the file (one read, one downmix pass). ffmpeg
 * is never held up by a full pipe either, so the next window really decodes while this one is
 * extracted. A window's file holds at most (pre-roll + 30 s + tail) of audio; whole-file decodes,
 * which have no such bound, stay on the pipe.
 *
 * The folder is made on first use and removed when the process exits; one left by a killed
 * process is removed by the next one (private-folder.ts).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivateFolder } from './private-folder.js';

export const WINDOW_FOLDER_PREFIX = 'genrewise-windows-';

let folder: string | null | undefined;
let next = 0;

/** A fresh path for one window's output, or undefined when no folder can be made (use a pipe). */
export function windowOutputFile(): string | undefined {
  if (folder === undefined) folder = openFolder();
  return folder === null ? undefined : join(folder, `window-${next++}.wav`);
}

function openFolder(): string | null {
  try {
    const made = makePrivateFolder(WINDOW_FOLDER_PREFIX);
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
    return made;
  } catch {
    return null;
  }
}
