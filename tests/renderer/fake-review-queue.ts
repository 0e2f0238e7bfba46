import type { ReviewItem } from '../../shared/api/types';
import type { FakeClient } from './fake-client';
import { trackDetail, trackRow } from './fixtures';

/** The tracks the fake server has left to review; tests replace `items` to re-order or settle them. */
export interface FakeReviewQueue {
  items: ReviewItem[];
  /** The server is still bringing the queue's statuses or order up to date. */
  updating?: boolean;
}

/**
 * Answers review.queue, tracks.get and review.decide as the server does: the queue is served in
 * pages, and a decided track leaves it.
 */
export function serveReviewQueue(client: FakeClient, items: ReviewItem[]): FakeReviewQueue {
  const queue: FakeReviewQueue = { items };
  client
    .handle('review.queue', (q) => ({
      total: queue.items.length,
      items: queue.items.slice(q.offset ?? 0, (q.offset ?? 0) + (q.limit ?? queue.items.length)),
      ...(queue.updating && { updating: true as const }),
    }))
    .handle('tracks.get', ({ id }) => trackDetail(id))
    .handle('review.decide', ({ id }) => {
      queue.items = queue.items.filter((i) => i.id !== id);
      return trackRow(id, { status: 'decided' });
    });
  return queue;
}
