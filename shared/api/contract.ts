import type {
  DecisionInput,
  FileError,
  JobProgress,
  LibraryStats,
  ModelCardSummary,
  PlaylistExportOptions,
  PlaylistExportResult,
  ReviewItem,
  ReviewQuery,
  RootInfo,
  Settings,
  SettingsPatch,
  TagWriteOptions,
  TagWritePlan,
  TrackDetail,
  TrackPage,
  TrackQuery,
  TrackRow,
  WriteBatchInfo,
  AcceptPreview,
  DecisionGroup,
  LearningReadiness,
  PlaylistPreview,
  DecideManyParams,
  FolderListing,
} from './types.js';
import type { AlbumContext, DecideAlbumParams, DecideAlbumResult } from './albums.js';
import type {
  LibraryMap,
  SimilarExportOptions,
  SimilarExportResult,
  SimilarQuery,
  SimilarTracksResult,
} from './similarity.js';

/**
 * The one API between the UI and the backend. Each method takes one JSON params object and
 * resolves to one JSON result. Both transports (Electron IPC through the preload, HTTP under
 * /api/ for `genrewise serve`) carry exactly these methods; long work starts a job and reports
 * through events.
 */
export interface ApiMethods {
  'roots.list': { params: Record<string, never>; result: RootInfo[] };
  'roots.add': { params: { path: string }; result: RootInfo };
  'roots.remove': { params: { id: number }; result: { removed: boolean } };
  /** Sub-folders of a folder in the home folder or on a mounted volume; without a path, those places. */
  'folders.list': { params: { path?: string }; result: FolderListing };

  /** Scans the given roots (all when omitted); resolves at once with the job. */
  'jobs.scan': { params: { rootIds?: number[] }; result: JobProgress };
  /** Analyses and predicts every track that needs it. */
  'jobs.analyze': { params: Record<string, never>; result: JobProgress };
  'jobs.write': { params: TagWriteOptions; result: JobProgress };
  'jobs.undo': { params: { batch?: number }; result: JobProgress };
  /**
   * "Learn from my library": re-learns the library-context model at once from the review decisions
   * and the files' genre tags (what the app otherwise does by itself after each decision); the
   * job's message gives its held-out accuracy. The parameters are accepted for older callers and
   * change nothing: the context model always reads decisions and tags, and needs one label per genre.
   */
  'jobs.learn': { params: { fromTags?: boolean; minPerGenre?: number; activate?: boolean }; result: JobProgress };
  'jobs.cancel': { params: { id: string }; result: { cancelled: boolean } };
  /** Forgets a finished job, so a failure the user has read does not come back after a reload. */
  'jobs.dismiss': { params: { id: string }; result: { dismissed: boolean } };
  /** Whether jobs.learn can work now (labels in two genres), and if not why; `fromTags` changes nothing. */
  'learning.readiness': { params: { fromTags?: boolean }; result: LearningReadiness };
  /** Running and recently finished jobs, so progress survives navigation and reloads. */
  'jobs.list': { params: Record<string, never>; result: JobProgress[] };

  'tracks.query': { params: TrackQuery; result: TrackPage };
  'tracks.get': { params: { id: number }; result: TrackDetail };
  /** The track's cover (embedded, else cover.jpg/folder.jpg beside it) as a data: URL; null when none. */
  'tracks.cover': { params: { id: number }; result: { dataUrl: string | null } };
  'library.stats': { params: Record<string, never>; result: LibraryStats };
  'library.errors': { params: { limit?: number }; result: FileError[] };

  'review.queue': { params: ReviewQuery; result: { total: number; items: ReviewItem[]; updating?: true } };
  'review.decide': { params: { id: number; decision: DecisionInput }; result: TrackRow };
  'review.acceptAbove': { params: { threshold: number }; result: { accepted: number } };
  /** How many tracks, and which genres, review.acceptAbove would accept at this threshold. */
  /** One decision for several tracks at once (ids, or all matching a filter); all or nothing. */
  'review.decideMany': { params: DecideManyParams; result: { decided: number } };
  'review.acceptPreview': { params: { threshold: number }; result: AcceptPreview };
  /** Removes these tracks' decisions; they return to the queue when they need review. */
  'review.clear': { params: { ids: number[] }; result: { cleared: number } };
  /** The latest decisions, grouped: one decision, or one bulk accept. */
  'review.history': { params: { limit?: number }; result: DecisionGroup[] };
  /** Gives every track of one group back what it had before. */
  'review.undo': { params: { decidedAt: string; source: 'user' | 'model' }; result: { undone: number } };
  /** The album of a track, with every track on it and its current guess (for "apply to the whole album"). */
  'review.album': { params: { id: number }; result: AlbumContext };
  /** One genre for a whole album (tracks already decided one by one, and `except`, keep theirs). */
  'review.decideAlbum': { params: DecideAlbumParams; result: DecideAlbumResult };

  'tags.plan': { params: TagWriteOptions; result: TagWritePlan };
  'tags.batches': { params: Record<string, never>; result: WriteBatchInfo[] };

  'playlists.export': { params: PlaylistExportOptions; result: PlaylistExportResult };
  /** The playlists an export from this source would write, with their first tracks. */
  'playlists.preview': {
    params: { source: PlaylistExportOptions['source']; minConfidence?: number };
    result: PlaylistPreview;
  };

  /** "More like this": the nearest tracks to one track, closest first. */
  'similar.tracks': { params: SimilarQuery; result: SimilarTracksResult };
  /** A smooth path from one track: each step to the nearest track not yet on it. */
  'similar.path': { params: SimilarQuery; result: SimilarTracksResult };
  /** That path written as one playlist, as the genre playlists are written. */
  'similar.export': { params: SimilarExportOptions; result: SimilarExportResult };
  /** Every analysed track on a 2-D map (cached until the analyses or labels change). */
  'library.map': { params: Record<string, never>; result: LibraryMap };

  'settings.get': { params: Record<string, never>; result: Settings };
  'settings.update': { params: SettingsPatch; result: Settings };

  'models.list': { params: Record<string, never>; result: ModelCardSummary[] };
}

export type ApiMethod = keyof ApiMethods;
export type ApiParams<M extends ApiMethod> = ApiMethods[M]['params'];
export type ApiResult<M extends ApiMethod> = ApiMethods[M]['result'];

/** Every method name, for transports that must validate what they forward. */
export const API_METHODS = [
  'roots.list',
  'roots.add',
  'roots.remove',
  'folders.list',
  'jobs.scan',
  'jobs.analyze',
  'jobs.write',
  'jobs.undo',
  'jobs.learn',
  'jobs.cancel',
  'jobs.dismiss',
  'learning.readiness',
  'jobs.list',
  'tracks.query',
  'tracks.get',
  'tracks.cover',
  'library.stats',
  'library.errors',
  'review.queue',
  'review.decide',
  'review.acceptAbove',
  'review.decideMany',
  'review.acceptPreview',
  'review.clear',
  'review.history',
  'review.undo',
  'review.album',
  'review.decideAlbum',
  'tags.plan',
  'tags.batches',
  'playlists.export',
  'playlists.preview',
  'similar.tracks',
  'similar.path',
  'similar.export',
  'library.map',
  'settings.get',
  'settings.update',
  'models.list',
] as const satisfies readonly ApiMethod[];

// Compile-time check that API_METHODS lists every method exactly.
type MissingMethods = Exclude<ApiMethod, (typeof API_METHODS)[number]>;
const _allMethodsListed: MissingMethods extends never ? true : never = true;
void _allMethodsListed;

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && (API_METHODS as readonly string[]).includes(name);
}

/** Pushed from backend to UI. */
export interface ApiEvents {
  job: JobProgress;
  'file-error': FileError;
  /** Something in the library changed: views re-query. */
  'library-changed': { reason: string };
}

export type ApiEventName = keyof ApiEvents;

/** What the renderer programs against; each transport implements it. */
export interface GenrewiseClient {
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>>;
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
  /** Which transport: the UI shows a folder dialog only in the app. */
  readonly kind: 'electron' | 'http';
}

/**
 * What kind of error crossed the API: the discriminant of every error body. The HTTP server maps
 * it to a status, Electron IPC carries it in its envelope, the UI reacts to it; nobody reads the
 * message to tell errors apart.
 */
export type ApiErrorCode = 'bad-request' | 'not-found' | 'conflict' | 'unauthorized' | 'internal';

/** An error the backend reports to the UI; `code` lets the UI react, `message` is for people. */
export interface ApiErrorBody {
  readonly code: ApiErrorCode;
  readonly message: string;
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The kinds a core error may claim: mistakes the caller can fix. Anything else is 'internal'. */
export type ErrorKind = Extract<ApiErrorCode, 'bad-request' | 'not-found' | 'conflict'>;

/**
 * Base of the core's errors that a caller can fix (a bad decision, an unknown setting, a track
 * that is not there): each says its kind, and the service passes it on as the ApiError code, so
 * the HTTP status and the UI's reaction follow from the type, never from the error's name or text.
 */
export class KindedError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
