import type { FileEdit } from '../edit.js';
import type { ByteSource } from '../io/byte-source.js';

export type FormatId = 'mpeg' | 'flac' | 'ogg' | 'mp4' | 'asf' | 'wav' | 'aiff' | 'ape';

/** Receives the audio payload, in file order. */
export type AudioSink = (chunk: Uint8Array) => void;

/**
 * One container's genre writer. `planGenres` describes the new version of the file carrying
 * exactly `genres` in the format's standard genre field(s) and nothing else changed;
 * `digestAudio` feeds the bytes that make up the sound (never the tags) to a hash, so the
 * pipeline can prove the audio survived the write.
 */
export interface GenreFormat {
  readonly id: FormatId;
  planGenres(source: ByteSource, genres: readonly string[]): Promise<FileEdit>;
  digestAudio(source: ByteSource, sink: AudioSink): Promise<void>;
}
