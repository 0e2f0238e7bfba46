import type { DecisionInput, ReviewItem, ReviewQuery, TrackRow } from '../../../shared/api/types';
import { client } from './transport';

export function reviewQueue(query: ReviewQuery): Promise<{ total: number; items: ReviewItem[] }> {
  return client().call('review.queue', query);
}

export function decide(id: number, decision: DecisionInput): Promise<TrackRow> {
  return client().call('review.decide', { id, decision });
}

export function acceptAbove(threshold: number): Promise<{ accepted: number }> {
  return client().call('review.acceptAbove', { threshold });
}
