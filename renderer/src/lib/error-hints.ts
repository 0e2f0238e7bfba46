import type { FileError } from '../../../shared/api/types';

/**
 * What a person can do about each kind of per-file error. The backend says what happened; this
 * says what to do next, in the words of someone who does not know what a tag reader is.
 */
const HINTS: Readonly<Record<string, string>> = {
  // scan
  empty: 'The file is empty (0 bytes). Delete it, or copy it again from its source.',
  truncated: 'The file ends early, probably an interrupted copy or download. Copy it again from its source.',
  'not-audio': 'This is not an audio file despite its name. Rename or move it out of the music folder.',
  corrupt: 'The file is damaged. Try playing it; if it does not play, replace it from its source.',
  permission: 'Genrewise may not read this file. Check its permissions, then scan again.',
  unreadable: 'The file could not be read (moved, deleted or a disconnected drive). Check it exists, then scan again.',
  'bad-name': 'The file name cannot be handled. Rename the file, then scan again.',
  loop: 'A shortcut (symbolic link) points back into the library. Remove the link, or ignore this.',
  outside:
    'A shortcut (symbolic link) points to a folder outside the library, which is not scanned. Add that folder as a library folder to include it.',
  // analysis
  missing: 'The file disappeared after the scan. Scan again to update the library.',
  'no-audio-stream': 'The file has no audio (video or cover art only). Move it out of the music folder.',
  'no-audio': 'The audio is empty or silent. Check the file plays; replace it if it does not.',
  'ffmpeg-failed': 'The decoder failed on this file. Check it plays; a newer ffmpeg (Settings) may help.',
  timeout: 'Decoding took too long. The file may be damaged or on a slow drive; analyse again later.',
  'too-long': 'The file is too long to analyse as a whole. Analyse it normally (in windows) instead.',
  'too-short': 'The track is too short to analyse (under a few seconds). Decide its genre by hand in the library.',
  extract: 'The audio could not be measured (often digital silence). Decide its genre by hand.',
  crashed: 'The analysis process stopped on this file. Analyse again; if it repeats, the file is likely damaged.',
  aborted: 'Analysis was cancelled before this file finished. Start the analysis again.',
  // write
  'read-only': 'The file or its folder is read-only. Allow writing to it, then write tags again.',
  'changed-since-scan': 'The file changed after the last scan. Scan again, then write tags again.',
  'changed-during-write': 'Another program changed the file while we wrote. Nothing was changed; try again.',
  locked: 'Another program is using the file. Close it (player, tagger), then write tags again.',
  'not-found': 'The file is gone. Scan again to update the library.',
  ownership: 'The file belongs to another user, so it cannot be safely replaced. Change its owner or skip it.',
  unsupported: 'Genrewise cannot write tags into this kind of file yet. The file was left untouched.',
  'no-space': 'The disk is full. Free some space, then write tags again.',
  'verify-failed': 'The check after writing failed, so the original was kept untouched. Please report this file.',
  'audio-changed': 'The audio would have changed, so the original was kept untouched. Please report this file.',
  io: 'A disk error stopped the write; the original is untouched. Check the drive, then try again.',
  cancelled: 'The write was cancelled before this file; it is unchanged.',
};

export function errorHint(error: Pick<FileError, 'kind' | 'stage'>): string {
  const hint = HINTS[error.kind];
  if (hint) return hint;
  switch (error.stage) {
    case 'scan':
      return 'Check the file opens in a player, then scan again.';
    case 'analysis':
      return 'Check the file plays, then analyse again.';
    case 'write':
      return 'The original file was left untouched. Check it, then write tags again.';
  }
}

export const STAGE_LABEL: Readonly<Record<FileError['stage'], string>> = {
  scan: 'Reading tags',
  analysis: 'Analysing audio',
  write: 'Writing tags',
};
