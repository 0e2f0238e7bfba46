import type { JobProgress, LibraryStats, ReviewItem, Settings, TrackDetail, TrackRow } from '../../shared/api/types';
import { GTZAN_GENRES } from '../../shared/genres';

export function trackRow(id: number, overrides: Partial<TrackRow> = {}): TrackRow {
  return {
    id,
    path: `/music/artist ${id % 50}/track ${id}.mp3`,
    title: `Track ${id}`,
    artist: `Artist ${id % 50}`,
    album: `Album ${id % 200}`,
    albumArtist: null,
    year: 2000,
    trackNo: id % 12,
    discNo: 1,
    durationSec: 200,
    format: 'MPEG',
    genres: ['Rock'],
    predicted: 'rock',
    confidence: 0.5,
    source: 'default',
    unfamiliar: false,
    decision: null,
    status: 'review',
    ...overrides,
  };
}

export function reviewItem(id: number, overrides: Partial<ReviewItem> = {}): ReviewItem {
  return {
    id,
    path: `/music/track ${id}.flac`,
    title: `Track ${id}`,
    artist: 'Someone',
    predicted: 'jazz',
    confidence: 0.3 + id / 1000,
    current: ['Blues'],
    source: 'default',
    unfamiliar: false,
    reason: 'low-confidence',
    ...overrides,
  };
}

/** Probabilities in the model's order (GTZAN's alphabetical ids), jazz most likely. */
export function trackDetail(id: number, overrides: Partial<TrackDetail> = {}): TrackDetail {
  const probabilities = Object.fromEntries(GTZAN_GENRES.map((g) => [g, g === 'jazz' ? 0.35 : 0.65 / 9]));
  return {
    ...trackRow(id),
    probabilities,
    windows: [{ startSec: 30, durationSec: 30, genre: 'jazz', confidence: 0.35 }],
    analysedWindows: [{ startSec: 30, durationSec: 30 }],
    oodScore: 0.4,
    reason: null,
    modelId: 'gtzan-svc',
    mediaUrl: `/media/${id}`,
    ...overrides,
  };
}

/** The settings of a fresh library (no display names, no aliases), with the given changes. */
export function settingsFixture(overrides: Partial<Settings> = {}): Settings {
  return {
    displayNames: {},
    aliases: {},
    reviewThreshold: 0.6,
    acceptThreshold: 0.8,
    defaultModel: 'svc',
    personalModel: null,
    ffmpegPath: null,
    scanExclude: [],
    ...overrides,
  };
}

/** The overview of a library of `tracks` tracks, all analysed and predicted, with the given changes. */
export function libraryStats(tracks: number, overrides: Partial<LibraryStats> = {}): LibraryStats {
  return {
    tracks,
    gone: 0,
    durationSec: tracks * 200,
    errors: 0,
    byFormat: [],
    byGenre: [],
    byPredicted: [],
    byStatus: [],
    confidenceHistogram: [],
    analysed: tracks,
    predicted: tracks,
    reviewQueue: 0,
    ...overrides,
  };
}

export function job(id: string, overrides: Partial<JobProgress> = {}): JobProgress {
  return {
    id,
    kind: 'write',
    state: 'running',
    done: 0,
    total: 10,
    errors: 0,
    rate: 0,
    etaSec: null,
    message: null,
    startedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** Resolves after pending promise callbacks (fake API answers) have run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
}
