import type { ApiEventName, ApiEvents } from '../../../shared/api/contract';
import { client } from './transport';

export function onEvent<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
  return client().on(event, listener);
}
