/**
 * Recognises an audio container from its first bytes, so the tag reader picks the right parser
 * from the content rather than the name (an `.mp3` that is really AAC is common) and a text file
 * named `.ogg` is reported as not audio instead of as a corrupt Ogg stream.
 */
export type Sniffed =
  /** A container signature: parse with this MIME type. */
  | { readonly kind: 'container'; readonly mime: string }
  /** An ID3v2 tag whose end lies beyond the bytes we looked at: the extension must decide. */
  | { readonly kind: 'id3-prefixed' }
  | { readonly kind: 'unknown' };

const ASF_GUID = [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11];

function ascii(bytes: Uint8Array, offset: number, text: string): boolean {
  if (bytes.length < offset + text.length) return false;
  for (let i = 0; i < text.length; i++) {
    if (bytes[offset + i] !== text.charCodeAt(i)) return false;
  }
  return true;
}

export function sniffAudio(head: Uint8Array): Sniffed {
  if (ascii(head, 0, 'ID3') && head.length >= 10) {
    // ID3v2 size: four 7-bit bytes, plus 10 header bytes and 10 more when a footer is flagged.
    const size =
      (((head[6] ?? 0) & 0x7f) << 21) |
      (((head[7] ?? 0) & 0x7f) << 14) |
      (((head[8] ?? 0) & 0x7f) << 7) |
      ((head[9] ?? 0) & 0x7f);
    const end = 10 + size + (((head[5] ?? 0) & 0x10) !== 0 ? 10 : 0);
    if (end + 4 > head.length) return { kind: 'id3-prefixed' };
    const after = sniffContainer(head.subarray(end), true);
    return after ?? { kind: 'id3-prefixed' };
  }
  return sniffContainer(head, false) ?? { kind: 'unknown' };
}

function sniffContainer(bytes: Uint8Array, afterId3: boolean): Sniffed | undefined {
  const container = (mime: string): Sniffed => ({ kind: 'container', mime });
  if (ascii(bytes, 0, 'fLaC')) return container('audio/flac');
  if (ascii(bytes, 0, 'OggS')) return container('audio/ogg');
  if (ascii(bytes, 4, 'ftyp')) return container('audio/mp4');
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WAVE')) return container('audio/wav');
  if (ascii(bytes, 0, 'RF64') && ascii(bytes, 8, 'WAVE')) return container('audio/wav');
  if (ascii(bytes, 0, 'FORM') && (ascii(bytes, 8, 'AIFF') || ascii(bytes, 8, 'AIFC'))) return container('audio/aiff');
  if (ASF_GUID.every((b, i) => bytes[i] === b)) return container('audio/ms-asf');
  if (ascii(bytes, 0, 'MAC ')) return container('audio/ape');
  if (ascii(bytes, 0, 'wvpk')) return container('audio/wavpack');
  if (ascii(bytes, 0, 'MPCK') || ascii(bytes, 0, 'MP+')) return container('audio/musepack');
  const b0 = bytes[0] ?? 0;
  const b1 = bytes[1] ?? 0;
  if (b0 === 0xff && (b1 & 0xe0) === 0xe0) {
    // Frame sync. Layer bits 00 with MPEG-4/2 ids mean ADTS AAC; anything else is MPEG audio.
    return container((b1 & 0x06) === 0 ? 'audio/aacp' : 'audio/mpeg');
  }
  // After an ID3 tag some encoders leave zero padding before the first frame: MPEG audio.
  if (afterId3 && b0 === 0) return container('audio/mpeg');
  return undefined;
}

/** The parser to use for an ID3-prefixed file whose container we could not see, by extension. */
export function mimeForExtension(extension: string): string | undefined {
  switch (extension) {
    case 'mp3':
      return 'audio/mpeg';
    case 'aac':
      return 'audio/aacp';
    case 'flac':
      return 'audio/flac';
    case 'ape':
      return 'audio/ape';
    case 'wv':
      return 'audio/wavpack';
    case 'mpc':
      return 'audio/musepack';
    case 'wav':
      return 'audio/wav';
    case 'aif':
    case 'aiff':
      return 'audio/aiff';
    default:
      return undefined;
  }
}

/**
 * The MIME type a file is parsed as: its container's, or for an ID3-prefixed file the one its
 * extension names (MPEG when none). Undefined for an unknown start: music-metadata then guesses
 * from the content itself (an MPEG stream after some junk bytes).
 */
export function parseMime(sniffed: Sniffed, extension: string): string | undefined {
  if (sniffed.kind === 'container') return sniffed.mime;
  if (sniffed.kind === 'id3-prefixed') return mimeForExtension(extension) ?? 'audio/mpeg';
  return undefined;
}
