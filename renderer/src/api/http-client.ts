import {
  ApiError,
  type ApiErrorBody,
  type ApiEventName,
  type ApiEvents,
  type ApiMethod,
  type ApiParams,
  type ApiResult,
  type GenrewiseClient,
} from '../../../shared/api/contract';
import { postApi, takeEarly } from './early-requests';
import { EventListeners } from './event-listeners';
import type { Transport } from './transport';

const ERROR_CODES: readonly ApiErrorBody['code'][] = [
  'bad-request',
  'not-found',
  'conflict',
  'unauthorized',
  'internal',
];

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.message === 'string' && ERROR_CODES.includes(v.code as ApiErrorBody['code']);
}

const EVENT_NAMES: readonly ApiEventName[] = ['job', 'file-error', 'library-changed'];

/**
 * The browser transport for `genrewise serve`: POST /api/<method> with a JSON body and
 * server-sent events from /api/events. The token came in the first URL; the server answered it
 * with an HttpOnly cookie, so same-origin requests carry it without the page ever seeing it.
 */
export class HttpClient implements GenrewiseClient {
  readonly kind = 'http' as const;
  private source: EventSource | undefined;
  private readonly listeners = new EventListeners();
  /** Called after the event stream reconnects, so views can re-read what they may have missed. */
  onReconnect: (() => void) | undefined;

  constructor(private readonly base = '') {}

  async call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
    let response: Response;
    try {
      response = await (takeEarly(method, params) ?? postApi(this.base, method, params));
    } catch (err) {
      throw new ApiError(
        'internal',
        `cannot reach the Genrewise server (${(err as Error).message}); is \`genrewise serve\` still running?`,
      );
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      if (isErrorBody(body)) throw new ApiError(body.code, body.message);
      throw new ApiError(
        response.status === 401 ? 'unauthorized' : 'internal',
        `${method} failed with HTTP ${response.status}`,
      );
    }
    return body as ApiResult<M>;
  }

  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    this.ensureStream();
    return this.listeners.add(event, listener);
  }

  close(): void {
    this.source?.close();
    this.source = undefined;
  }

  private ensureStream(): void {
    if (this.source || typeof EventSource === 'undefined') return;
    const source = new EventSource(`${this.base}/api/events`, { withCredentials: true });
    this.source = source;
    let opened = false;
    source.addEventListener('open', () => {
      if (opened) this.onReconnect?.();
      opened = true;
    });
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (e) => {
        let payload: unknown;
        try {
          payload = JSON.parse((e as MessageEvent<string>).data);
        } catch {
          return;
        }
        this.listeners.dispatch(name, payload);
      });
    }
  }
}

/**
 * Drops `?token=` from the address bar once the page has loaded (the cookie now carries it), so
 * it does not end up in bookmarks, screenshots or the history.
 */
export function forgetTokenInAddressBar(location: Location, history: History): void {
  const url = new URL(location.href);
  if (!url.searchParams.has('token')) return;
  url.searchParams.delete('token');
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
}

export function httpTransport(base = ''): Transport {
  const client = new HttpClient(base);
  return { client, mediaUrl: (id) => `${base}/media/${id}` };
}
