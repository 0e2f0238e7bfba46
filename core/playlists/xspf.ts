import path from 'node:path';
import { clean } from './labels.js';
import { fileUri, type PathFlavor } from './paths.js';
import type { GenrePlaylist, PlaylistTrack } from './types.js';

/**
 * XSPF 1 (http://xspf.org/ns/0/): every location an absolute, percent-encoded file URI, every
 * text XML-escaped. Track children follow the order of the specification (location, title,
 * creator, album, trackNum, duration); unknown values are left out rather than written empty.
 * `playlistDir` is unused by the file URIs but kept so all formatters share one signature.
 */
export function formatXspf(playlist: GenrePlaylist, _playlistDir: string, flavor: PathFlavor = path): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<playlist version="1" xmlns="http://xspf.org/ns/0/">',
    `  <title>${escapeXml(playlist.name)}</title>`,
  ];
  if (playlist.tracks.length === 0) {
    lines.push('  <trackList/>');
  } else {
    lines.push('  <trackList>');
    for (const track of playlist.tracks) lines.push(...trackElement(track, flavor));
    lines.push('  </trackList>');
  }
  lines.push('</playlist>');
  return `${lines.join('\n')}\n`;
}

function trackElement(track: PlaylistTrack, flavor: PathFlavor): string[] {
  const out = ['    <track>', `      <location>${escapeXml(fileUri(track.path, flavor))}</location>`];
  const title = clean(track.title);
  const creator = clean(track.artist);
  const album = clean(track.album);
  if (title !== null) out.push(`      <title>${escapeXml(title)}</title>`);
  if (creator !== null) out.push(`      <creator>${escapeXml(creator)}</creator>`);
  if (album !== null) out.push(`      <album>${escapeXml(album)}</album>`);
  if (isCount(track.trackNo) && track.trackNo > 0) out.push(`      <trackNum>${track.trackNo}</trackNum>`);
  const ms =
    track.durationSec !== null && Number.isFinite(track.durationSec) && track.durationSec >= 0
      ? Math.round(track.durationSec * 1000)
      : null;
  if (ms !== null) out.push(`      <duration>${ms}</duration>`);
  out.push('    </track>');
  return out;
}

function isCount(n: number | null): n is number {
  return n !== null && Number.isInteger(n);
}

/**
 * Escapes markup characters and drops what XML 1.0 cannot carry at all (control characters,
 * lone surrogates, U+FFFE/U+FFFF), which tags read from arbitrary files do contain.
 */
export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPING.test(text)) return text;
  return text.replace(NOT_XML_CHAR, '').replace(MARKUP, (c) => ENTITIES[c] ?? c);
}

const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const MARKUP = /[&<>"]/g;
const NEEDS_ESCAPING = /[&<>"]|[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
