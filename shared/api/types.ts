/**
 * Data shapes exchanged between the backend and the UI. Plain JSON only (no Dates, Maps or
 * typed arrays) so the same values cross Electron IPC and HTTP unchanged.
 */

export interface RootInfo {
  readonly id: number;
  readonly path: string;
  readonly addedAt: string;
  readonly lastScanAt: string | null;
  readonly trackCount: number;
}

/** Where a track stands on the way file → features → prediction → review → tags. */
export type TrackStatus =
  | 'new' //          scanned, not analysed yet
  | 'analysed' //     features stored, no prediction (no model active)
  | 'predicted' //    confident prediction, nothing to review
  | 'review' //       in the review queue
  | 'decided' //      the user (or a bulk accept) settled it; not yet written
  | 'skipped' //      the user skipped it: out of the queue, nothing to write
  | 'written' //      the decided genre is in the file
  | 'error' //        could not be read or analysed
  | 'gone'; //        the file disappeared

export type PredictionSource = 'default' | 'personal';

export interface Decision {
  readonly action: 'accept' | 'choose' | 'keep' | 'skip';
  /** The genre this decision settles on (none for skip; the current tag for keep). */
  readonly genre: string | null;
  readonly source: 'user' | 'model';
  readonly decidedAt: string;
}

/** The tags of a track read from its file: the library's, the scanner's and the table's fields. */
export interface TrackTagFields {
  readonly title: string | null;
  readonly artist: string | null;
  readonly album: string | null;
  readonly albumArtist: string | null;
  readonly year: number | null;
  readonly trackNo: number | null;
  readonly discNo: number | null;
  /** The genre values in the file, in its order, split and de-duplicated, original spelling. */
  readonly genres: readonly string[];
}

export interface TrackRow extends TrackTagFields {
  readonly id: number;
  readonly path: string;
  readonly durationSec: number | null;
  readonly format: string | null;
  readonly predicted: string | null;
  /** Shown confidence in [0, 1]: model probability tempered by how familiar the audio is. */
  readonly confidence: number | null;
  readonly source: PredictionSource | null;
  /** True when the audio lies far from anything the model learned from. */
  readonly unfamiliar: boolean;
  readonly decision: Decision | null;
  readonly status: TrackStatus;
}

export type TrackSortKey =
  'title' | 'artist' | 'album' | 'genre' | 'predicted' | 'confidence' | 'status' | 'path' | 'duration';

export interface TrackQuery {
  readonly search?: string;
  /** Current tag value (case-insensitive). */
  readonly genre?: string;
  readonly predicted?: string;
  readonly minConfidence?: number;
  readonly maxConfidence?: number;
  readonly status?: TrackStatus;
  /** Browse one artist or album: exact match, case-insensitive. */
  readonly artist?: string;
  readonly album?: string;
  readonly sort?: TrackSortKey;
  readonly descending?: boolean;
  readonly offset?: number;
  readonly limit?: number;
}

export interface TrackPage {
  readonly total: number;
  readonly offset: number;
  readonly rows: readonly TrackRow[];
  /**
   * Set while the library's derived rows are still being brought up to date after a large change
   * (a re-learn, a new threshold or aliases): the answer is of the rows as they are, some old;
   * a `library-changed` event ('index') follows when the update is done.
   */
  readonly updating?: true;
}

export interface WindowPrediction {
  readonly startSec: number;
  readonly durationSec: number;
  readonly genre: string;
  readonly confidence: number;
}

/** Where one analysed window lies in the file: the audio the analysis (and so the model) heard. */
export interface AnalysedWindow {
  readonly startSec: number;
  readonly durationSec: number;
}

export interface TrackDetail extends TrackRow {
  /** Probability per genre in the model's output order. */
  readonly probabilities: Readonly<Record<string, number>>;
  /** The current model's genre per window: empty for models that judge the whole track (the library-context model). */
  readonly windows: readonly WindowPrediction[];
  /**
   * The windows of the track's successful analysis, in order, whichever model predicted: what the
   * preview plays. Empty when the track was never analysed or its analysis failed.
   */
  readonly analysedWindows: readonly AnalysedWindow[];
  /** Distance from the training data: ≤ 1 typical, > 1 unlike anything the model knows. */
  readonly oodScore: number | null;
  /** Human sentence explaining the confidence ("unlike the training music", …). */
  readonly reason: string | null;
  readonly modelId: string | null;
  /** URL the preview player can stream (transport-specific; null when not playable). */
  readonly mediaUrl: string | null;
}

export interface CountBy {
  readonly key: string;
  readonly count: number;
}

export interface LibraryStats {
  readonly tracks: number;
  readonly gone: number;
  readonly durationSec: number;
  readonly errors: number;
  readonly byFormat: readonly CountBy[];
  readonly byGenre: readonly CountBy[];
  readonly byPredicted: readonly CountBy[];
  readonly byStatus: readonly CountBy[];
  /** Ten bins of shown confidence, [0, 0.1) … [0.9, 1]. */
  readonly confidenceHistogram: readonly number[];
  readonly analysed: number;
  readonly predicted: number;
  readonly reviewQueue: number;
  /**
   * Set while the library's derived rows are still being brought up to date after a large change
   * (a re-learn, a new threshold or aliases): the answer is of the rows as they are, some old;
   * a `library-changed` event ('index') follows when the update is done.
   */
  readonly updating?: true;
}

export interface FileError {
  readonly path: string;
  readonly stage: 'scan' | 'analysis' | 'write';
  readonly kind: string;
  readonly message: string;
  readonly at: string;
}

export interface ReviewQuery {
  readonly below?: number;
  readonly genre?: string;
  readonly artist?: string;
  readonly folder?: string;
  readonly offset?: number;
  readonly limit?: number;
}

export interface ReviewItem {
  readonly id: number;
  readonly path: string;
  readonly title: string | null;
  readonly artist: string | null;
  readonly predicted: string;
  readonly confidence: number;
  readonly current: readonly string[];
  readonly source: PredictionSource;
  readonly unfamiliar: boolean;
  /** Why it is in the queue. */
  readonly reason: 'low-confidence' | 'unfamiliar' | 'disagrees-with-tag';
}

/** One decision for many tracks: the ids given, or every track the table's filters match. */
export interface DecideManyParams {
  readonly ids?: number[];
  readonly query?: Omit<TrackQuery, 'sort' | 'descending' | 'offset' | 'limit'>;
  readonly decision: DecisionInput;
}

export type DecisionInput =
  | { readonly action: 'accept' }
  | { readonly action: 'keep' }
  | { readonly action: 'skip' }
  | { readonly action: 'choose'; readonly genre: string };

export type WriteMode = 'replace' | 'add' | 'fill';

export interface TagWriteOptions {
  readonly mode: WriteMode;
  readonly minConfidence?: number;
  readonly onlyDecided?: boolean;
  readonly keepMtime?: boolean;
}

export interface TagChange {
  readonly trackId: number;
  readonly path: string;
  readonly before: readonly string[];
  readonly after: readonly string[];
}

export interface TagWritePlan {
  readonly changes: readonly TagChange[];
  readonly skipped: number;
}

export interface TagWriteResult {
  readonly batch: number;
  readonly written: number;
  readonly skipped: number;
  readonly failed: number;
}

export interface WriteBatchInfo {
  readonly id: number;
  readonly createdAt: string;
  readonly mode: string;
  readonly written: number;
  readonly failed: number;
  readonly undoneBy: number | null;
  readonly undoOf: number | null;
}

export type PlaylistFormat = 'm3u8' | 'pls' | 'xspf';
export type PlaylistSource = 'decided' | 'predicted' | 'tags';

export interface PlaylistExportOptions {
  readonly out: string;
  readonly format: PlaylistFormat;
  readonly source: PlaylistSource;
  readonly minConfidence?: number;
}

export interface PlaylistExportResult {
  readonly out: string;
  readonly format: PlaylistFormat;
  readonly playlists: readonly {
    readonly genre: string;
    readonly name: string;
    readonly file: string;
    readonly tracks: number;
  }[];
  readonly skipped: readonly string[];
  readonly removed: readonly string[];
}

export interface Settings {
  /** Genre id → name written into files and shown. */
  readonly displayNames: Readonly<Record<string, string>>;
  /** Tag value (case-insensitive) → genre id; the only way existing tags map to our genres. */
  readonly aliases: Readonly<Record<string, string>>;
  /** Below this shown confidence a track goes to the review queue. */
  readonly reviewThreshold: number;
  /** Bulk accept default. */
  readonly acceptThreshold: number;
  /** 'svc' | 'knn' | a model path. */
  readonly defaultModel: string;
  /** Personal model id in use, if any. */
  readonly personalModel: string | null;
  readonly ffmpegPath: string | null;
  /** Files and folders the scan leaves out (gitignore-like patterns, relative to each library folder). */
  readonly scanExclude: readonly string[];
}

/**
 * What settings.update may change: everything but the ffmpeg program, which only the command line
 * (`genrewise serve --ffmpeg`) or the desktop app's native file dialog chooses, so a web page that
 * reaches the API cannot make Genrewise run a program of its choice.
 */
export type SettingsPatch = Partial<Omit<Settings, 'ffmpegPath'>>;

/**
 * One classifier of the default model's comparison (`genrewise train --compare`): every model the
 * seed project compared, scored the same way, so the app can show why the default is what it is.
 */
export interface ModelComparisonRow {
  /** svc, knn, logistic, sgd, random-forest, decision-tree or gradient-boosting. */
  readonly model: string;
  /** Mean and population sd of the stratified k-fold accuracies (GTZAN). */
  readonly cvAccuracy: number;
  readonly cvStd: number;
  /** The artist-filtered split's test accuracy. */
  readonly filteredAccuracy: number | null;
  readonly ece: number;
  /** On real recordings, when the comparison was trained with a real-recording set. */
  readonly realWorldAccuracy: number | null;
}

export interface ModelCardSummary {
  readonly id: string;
  readonly kind: string;
  readonly role: PredictionSource;
  readonly genres: readonly string[];
  readonly createdAt: string;
  readonly cvAccuracy: number | null;
  readonly cvStd: number | null;
  readonly filteredAccuracy: number | null;
  readonly realWorldAccuracy: number | null;
  readonly ece: number | null;
  /** Rows: true genre, columns: predicted, in `genres` order. */
  readonly confusion: readonly (readonly number[])[] | null;
  /** The classifier comparison stored on the card (the default SVC's), in the card's order. */
  readonly comparison: readonly ModelComparisonRow[] | null;
  readonly active: boolean;
}

export type JobKind = 'scan' | 'analyze' | 'predict' | 'write' | 'undo' | 'learn';

/** One level of the server-side folder browser (`genrewise serve` has no native dialog). */
export interface FolderListing {
  /** The folder listed; null for the starting places. */
  readonly path: string | null;
  /** One level up, while that stays inside a place; null at a place. */
  readonly parent: string | null;
  readonly folders: readonly { readonly name: string; readonly path: string }[];
  /** The home folder and the mounted volumes. */
  readonly places: readonly { readonly name: string; readonly path: string }[];
}

/** The playlists an export would write, each with its first tracks, before anything is written. */
export interface PlaylistPreview {
  /** Distinct tracks over all playlists: a track with two genres is in two playlists, counted once here. */
  readonly tracks: number;
  readonly playlists: readonly {
    readonly genre: string;
    readonly name: string;
    readonly tracks: number;
    readonly sample: readonly {
      readonly path: string;
      readonly title: string | null;
      readonly artist: string | null;
    }[];
  }[];
}

/** Whether a personal model can be learnt now, and if not why (in display names). */
export interface LearningReadiness {
  readonly ready: boolean;
  readonly minPerGenre: number;
  /** Labelled, analysed tracks per genre, most first. */
  readonly genres: readonly { readonly genre: string; readonly tracks: number }[];
  /** Labelled tracks whose audio is not analysed yet. */
  readonly unanalysed: number;
  /** Why it cannot work yet; null when ready. */
  readonly reason: string | null;
}

/** What a bulk accept would do, shown before the user confirms it. */
export interface AcceptPreview {
  readonly count: number;
  /** Genre id → how many tracks would get it, most first. */
  readonly byGenre: readonly CountBy[];
}

/**
 * Decisions made at one moment from one source: a single decision, or one bulk accept. Undoing
 * the group gives each of its tracks back what it had before.
 */
export interface DecisionGroup {
  readonly decidedAt: string;
  readonly source: Decision['source'];
  readonly count: number;
  /** How many are still their track's current decision (what an undo would change). */
  readonly current: number;
  readonly byGenre: readonly CountBy[];
  /** The track, when the group is one decision. */
  readonly track: {
    readonly id: number;
    readonly title: string | null;
    readonly path: string;
    readonly action: Decision['action'];
  } | null;
}

/**
 * What a write or undo job did with its files, so the banner and the history say the same thing.
 * Failed and refused files were left untouched; Problems lists each with what to do.
 */
export interface WriteJobResult {
  /** The journal batch (null when nothing was recorded). */
  readonly batch: number | null;
  readonly written: number;
  /** Already carried these genres. */
  readonly skipped: number;
  /** Could not be written: permissions, a busy or missing file, a full disk, a disk error. */
  readonly failed: number;
  /** Left alone on purpose: changed since the scan, damaged, a format we do not write, a failed check. */
  readonly refused: number;
}

export interface JobProgress {
  readonly id: string;
  readonly kind: JobKind;
  /** Heavy jobs run one at a time; the others wait as 'queued'. */
  readonly state: 'queued' | 'running' | 'done' | 'cancelled' | 'failed';
  readonly done: number;
  readonly total: number | null;
  readonly errors: number;
  /** Items per second over the job so far. */
  readonly rate: number;
  readonly etaSec: number | null;
  readonly message: string | null;
  readonly startedAt: string;
  /** Write and undo jobs, once finished: the counts per outcome. */
  readonly result?: WriteJobResult;
  /** Started by the app itself (re-learning after decisions): shown only when it fails. */
  readonly background?: boolean;
}
