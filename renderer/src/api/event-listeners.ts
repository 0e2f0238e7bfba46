import type { ApiEventName, ApiEvents } from '../../../shared/api/contract';

/**
 * The listeners of each API event, for clients that deliver events themselves (the HTTP client
 * from its event stream; the tests' fake client when a test pushes one).
 */
export class EventListeners {
  private readonly byEvent = new Map<ApiEventName, Set<(payload: unknown) => void>>();

  /** Adds a listener; the returned function removes it. */
  add<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    let set = this.byEvent.get(event);
    if (!set) {
      set = new Set();
      this.byEvent.set(event, set);
    }
    const untyped = listener as (payload: unknown) => void;
    set.add(untyped);
    return () => {
      set.delete(untyped);
    };
  }

  dispatch(event: ApiEventName, payload: unknown): void {
    for (const listener of this.byEvent.get(event) ?? []) listener(payload);
  }
}
