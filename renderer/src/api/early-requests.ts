import type { ApiMethod, ApiParams } from '../../../shared/api/contract';

/**
 * Requests sent by the boot script (renderer/src/boot/boot.ts) while the app's own bundle is
 * still being parsed: when the app then asks the same thing, it gets the answer already on its
 * way instead of a second request. Each is handed out once, and only for the same method with the
 * same parameters.
 */
const early = new Map<string, Promise<Response>>();

function keyOf(method: ApiMethod, params: unknown): string {
  return `${method} ${JSON.stringify(params)}`;
}

/** The one way the browser asks the server: POST /api/<method> with a JSON body. */
export function postApi<M extends ApiMethod>(base: string, method: M, params: ApiParams<M>): Promise<Response> {
  return fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(params),
    credentials: 'same-origin',
  });
}

/** Sends a request now, to be taken by the first identical call. */
export function sendEarly<M extends ApiMethod>(base: string, method: M, params: ApiParams<M>): void {
  const response = postApi(base, method, params);
  // Nobody may take it (the user went elsewhere): a failure must not be an unhandled rejection.
  response.catch(() => undefined);
  early.set(keyOf(method, params), response);
}

/** The early request for this call, if one was sent and not taken yet. */
export function takeEarly<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<Response> | undefined {
  if (early.size === 0) return undefined; // every call after the first: nothing to serialise
  const key = keyOf(method, params);
  const response = early.get(key);
  early.delete(key);
  return response;
}
