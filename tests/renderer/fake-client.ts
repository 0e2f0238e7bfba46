import {
  ApiError,
  type ApiEventName,
  type ApiEvents,
  type ApiMethod,
  type ApiParams,
  type ApiResult,
  type GenrewiseClient,
} from '../../shared/api/contract';
import type { ApiErrorBody } from '../../shared/api/contract';
import { EventListeners } from '../../renderer/src/api/event-listeners';
import { setTransport } from '../../renderer/src/api/transport';

type Handler<M extends ApiMethod> = (params: ApiParams<M>) => ApiResult<M> | Promise<ApiResult<M>>;
type Handlers = { [M in ApiMethod]?: Handler<M> };

export interface RecordedCall {
  readonly method: ApiMethod;
  readonly params: unknown;
}

/**
 * A GenrewiseClient for component tests: answers from per-method handlers written in each test,
 * records every call, and lets the test push events. Unhandled methods reject like a server
 * would, so a screen calling something unexpected fails loudly.
 */
export class FakeClient implements GenrewiseClient {
  readonly kind = 'http' as const;
  readonly calls: RecordedCall[] = [];
  private readonly handlers: Handlers = {};
  private readonly listeners = new EventListeners();

  handle<M extends ApiMethod>(method: M, handler: Handler<M>): this {
    (this.handlers as Record<string, unknown>)[method] = handler;
    return this;
  }

  async call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
    this.calls.push({ method, params });
    const handler = this.handlers[method] as Handler<M> | undefined;
    if (!handler) throw new ApiError('not-found', `fake client has no handler for ${method}`);
    return handler(params);
  }

  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    return this.listeners.add(event, listener);
  }

  emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void {
    this.listeners.dispatch(event, payload);
  }

  callsOf<M extends ApiMethod>(method: M): ApiParams<M>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.params as ApiParams<M>);
  }

  fail(method: ApiMethod, code: ApiErrorBody['code'], message: string): this {
    (this.handlers as Record<string, unknown>)[method] = () => {
      throw new ApiError(code, message);
    };
    return this;
  }
}

export function installFakeClient(): FakeClient {
  const client = new FakeClient();
  setTransport({ client, mediaUrl: (id) => `/media/${id}` });
  return client;
}
