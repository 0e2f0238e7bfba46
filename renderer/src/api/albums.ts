import type { AlbumContext, DecideAlbumParams, DecideAlbumResult } from '../../../shared/api/albums';
import { client } from './transport';

export function albumOfTrack(id: number): Promise<AlbumContext> {
  return client().call('review.album', { id });
}

export function decideAlbum(params: DecideAlbumParams): Promise<DecideAlbumResult> {
  return client().call('review.decideAlbum', params);
}
