import type { ByteSource } from '../io/byte-source.js';
import type { AudioSink } from './types.js';

const CHUNK = 1 << 20;

/** Streams [start, end) of the source into the sink in 1 MiB reads. */
export async function digestRange(source: ByteSource, start: number, end: number, sink: AudioSink): Promise<void> {
  for (let offset = start; offset < end; offset += CHUNK) {
    sink(await source.read(offset, Math.min(CHUNK, end - offset)));
  }
}

/** A label and a length, so two ranges can never hash like one joined range. */
export function digestMarker(sink: AudioSink, label: string, length: number): void {
  sink(Buffer.from(`${label}:${length};`, 'latin1'));
}
