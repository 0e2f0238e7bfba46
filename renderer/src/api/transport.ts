import type { GenrewiseClient } from '../../../shared/api/contract';
import type { FfmpegChoice } from '../../../shared/api/preload-bridge';

/**
 * The client plus the two things that differ between the app and the browser but are not API
 * methods: how the preview player reaches a file, and whether a native folder dialog exists.
 */
export interface Transport {
  readonly client: GenrewiseClient;
  /** URL the <audio> element can stream (Range requests) for a track. */
  mediaUrl(trackId: number): string;
  /** Native folder dialog; absent in the browser, where the user types a path. */
  readonly pickFolder?: () => Promise<string | null>;
  /**
   * Native file dialog for the ffmpeg program (main checks and stores it); absent in the browser,
   * where only `genrewise serve --ffmpeg` chooses it.
   */
  readonly pickFfmpeg?: () => Promise<FfmpegChoice>;
  /** Real path of a dropped file or folder; absent in the browser (pages never see paths). */
  readonly pathForFile?: (file: File) => string;
}

let current: Transport | undefined;

/** Installed once at startup (main.tsx), or by a test with a fake client. */
export function setTransport(transport: Transport): void {
  current = transport;
}

export function transport(): Transport {
  if (!current) throw new Error('no transport: setTransport() must run before the UI calls the API');
  return current;
}

export function client(): GenrewiseClient {
  return transport().client;
}
