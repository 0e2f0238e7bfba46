import type { ApiEventName, ApiEvents, ApiMethod, ApiParams, ApiResult } from '../../shared/api/contract.js';

export type ApiHandlers = { [M in ApiMethod]: (params: ApiParams<M>) => Promise<ApiResult<M>> };

export type EventListener = <E extends ApiEventName>(event: E, payload: ApiEvents[E]) => void;

/**
 * The backend behind both transports: the handlers of every API method, an event stream, and
 * the media lookup for the preview player. Electron main and `genrewise serve` each wrap one.
 */
export interface ApiService {
  readonly handlers: ApiHandlers;
  /** Subscribes to every event; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
  /** Real path of a track's file, only when it lies inside a library root; throws MediaAccessError otherwise. */
  mediaPath(trackId: number): Promise<string>;
  close(): Promise<void>;
}
