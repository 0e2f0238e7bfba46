/** File extensions the scanner treats as audio (compared case-insensitively, without the dot). */
export const AUDIO_EXTENSIONS: ReadonlySet<string> = new Set([
  'mp3',
  'flac',
  'ogg',
  'oga',
  'opus',
  'm4a',
  'mp4',
  'aac',
  'wav',
  'aif',
  'aiff',
  'wma',
  'ape',
  'wv',
  'mpc',
]);

/** The lower-case extension of a file name (`Song.MP3` → `mp3`), or '' when it has none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return '';
  const slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
  if (dot < slash) return '';
  return name.slice(dot + 1).toLowerCase();
}

export function hasAudioExtension(name: string): boolean {
  return AUDIO_EXTENSIONS.has(extensionOf(name));
}

/**
 * The same test on a raw directory entry name, before it is known to be valid UTF-8: extensions
 * are ASCII, so the bytes after the last dot decide.
 */
export function hasAudioExtensionBytes(name: Uint8Array): boolean {
  const dot = name.lastIndexOf(0x2e);
  if (dot <= 0 || dot === name.length - 1 || name.length - dot > 6) return false;
  let ext = '';
  for (let i = dot + 1; i < name.length; i++) {
    const c = name[i] ?? 0;
    if (c >= 0x80) return false;
    ext += String.fromCharCode(c).toLowerCase();
  }
  return AUDIO_EXTENSIONS.has(ext);
}
