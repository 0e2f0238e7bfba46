import { beforeEach, describe, expect, it } from 'vitest';
import { connectEvents } from '../../renderer/src/stores/events';
import { useReview } from '../../renderer/src/stores/review';
import { useSettings } from '../../renderer/src/stores/settings';
import { FakeClient, installFakeClient } from './fake-client';
import { serveReviewQueue, type FakeReviewQueue } from './fake-review-queue';
import { flush, job, reviewItem } from './fixtures';

/**
 * The app re-learns after every decision, so the queue's order and size change under the review
 * screen: when a background learn job finishes, the tracks ahead follow the server's new order,
 * and the tracks already seen stay where they were.
 */
describe('review queue after the app re-learns', () => {
  let client: FakeClient;
  let queue: FakeReviewQueue;

  beforeEach(async () => {
    client = installFakeClient();
    useReview.getState().reset();
    useSettings.getState().reset();
    queue = serveReviewQueue(
      client,
      [1, 2, 3, 4, 5].map((id) => reviewItem(id, { title: `T${id}` })),
    );
    client
      .handle('library.stats', () => {
        throw new Error('not needed');
      })
      .handle('tracks.query', () => ({ rows: [], total: 0, offset: 0 }));
    await useReview.getState().load();
    await flush();
  });

  it('takes the new order for the tracks ahead and the new count, keeping what was seen', async () => {
    await useReview.getState().decide({ action: 'choose', genre: 'Metal' });
    await flush();
    expect(useReview.getState().index).toBe(1);
    // Re-learning settled tracks 3 and 4 and put 5 before 2.
    queue.items = [5, 2].map((id) => reviewItem(id, { title: `T${id}` }));
    await useReview.getState().resync();
    const state = useReview.getState();
    expect(state.items.map((i) => i.id)).toEqual([1, 2, 5]);
    expect(state.index).toBe(1);
    expect(state.remaining).toBe(2);
  });

  it('says the queue is updating, and re-reads it when the server says the rows are current', async () => {
    const disconnect = connectEvents();
    try {
      queue.updating = true;
      await useReview.getState().resync();
      expect(useReview.getState().updating).toBe(true);
      // A new threshold put 4 and 3 in the queue once every status was recomputed.
      queue.updating = false;
      queue.items = [4, 3].map((id) => reviewItem(id, { title: `T${id}` }));
      client.emit('library-changed', { reason: 'index' });
      await flush();
      await flush();
      expect(useReview.getState().updating).toBe(false);
      expect(useReview.getState().items.map((i) => i.id)).toEqual([1, 4, 3]);
      expect(useReview.getState().remaining).toBe(2);
    } finally {
      disconnect();
    }
  });

  it('is asked to re-read when a learn job finishes', async () => {
    const disconnect = connectEvents();
    try {
      queue.items = [4, 3].map((id) => reviewItem(id, { title: `T${id}` }));
      client.emit('job', job('bg', { kind: 'learn', state: 'running', background: true }));
      client.emit('job', job('bg', { kind: 'learn', state: 'done', background: true }));
      await flush();
      await flush();
      expect(useReview.getState().items.map((i) => i.id)).toEqual([1, 4, 3]);
      expect(useReview.getState().remaining).toBe(2);
    } finally {
      disconnect();
    }
  });
});
