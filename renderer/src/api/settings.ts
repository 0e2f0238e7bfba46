import type { ModelCardSummary, Settings } from '../../../shared/api/types';
import { client } from './transport';

export function getSettings(): Promise<Settings> {
  return client().call('settings.get', {});
}

export function updateSettings(changes: Partial<Settings>): Promise<Settings> {
  return client().call('settings.update', changes);
}

export function listModels(): Promise<ModelCardSummary[]> {
  return client().call('models.list', {});
}
