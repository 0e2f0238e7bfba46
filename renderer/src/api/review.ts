import type {
  AcceptPreview,
  DecideManyParams,
  DecisionGroup,
  DecisionInput,
  ReviewQuery,
  TrackRow,
} from '../../../shared/api/types';
import type { ApiResult } from '../../../shared/api/contract';
import { client } from './transport';

export function reviewQueue(query: ReviewQuery): Promise<ApiResult<'review.queue'>> {
  return client().call('review.queue', query);
}

export function decide(id: number, decision: DecisionInput): Promise<TrackRow> {
  return client().call('review.decide', { id, decision });
}

export function acceptAbove(threshold: number): Promise<{ accepted: number }> {
  return client().call('review.acceptAbove', { threshold });
}

export function acceptPreview(threshold: number): Promise<AcceptPreview> {
  return client().call('review.acceptPreview', { threshold });
}

export function clearDecisions(ids: readonly number[]): Promise<{ cleared: number }> {
  return client().call('review.clear', { ids: [...ids] });
}

export function decisionHistory(limit?: number): Promise<DecisionGroup[]> {
  return client().call('review.history', limit === undefined ? {} : { limit });
}

export function undoDecisions(group: Pick<DecisionGroup, 'decidedAt' | 'source'>): Promise<{ undone: number }> {
  return client().call('review.undo', { decidedAt: group.decidedAt, source: group.source });
}

export function decideMany(params: DecideManyParams): Promise<{ decided: number }> {
  return client().call('review.decideMany', params);
}
