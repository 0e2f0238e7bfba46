import type { Database } from 'better-sqlite3';
import type { TrackStatus } from '../../shared/api/types.js';
import { fileNameOf, folderArtistAlbum } from '../../shared/folder-tags.js';
import { naturalSortKey } from '../../shared/natural-sort-key.js';
import { ANALYSIS_JOIN } from '../analysis/store.js';
import { getSetting } from '../library/settings.js';
import { markRuleChange, rulePending, storedRule, storeRule } from './track-list-rule.js';
import { SCAN_ERROR_JOIN } from '../library/tracks.js';
import { CURRENT_PREDICTION_JOIN } from '../prediction/current.js';
import { DECISION_JOIN } from '../decisions/decisions.js';
import { albumKey, artistKey } from '../learning/track-groups.js';
import { CONTEXT_MODEL_ID, shownConfidence } from '../prediction/store.js';
import { prepareReviewSql, REVIEW_REASON_SQL } from './needs-review.js';
import { createTrackListIndexes, TRACK_LIST_INDEXES } from './schema.js';

/**
 * Keeps `track_list` (schema.ts) equal to what the rules say of every track: its status, the sort
 * keys of what the table shows, and the predicted genre and confidence it filters by. Triggers
 * mark tracks dirty on every write to their inputs; refreshTrackList recomputes those rows. Every
 * read of the table calls it first (through refresh-mode.ts): in a CLI command it finishes the
 * refresh, so the read sees every row fresh; in the service, which refreshes in the background,
 * it finishes only what one step does, and the read says `updating` while more is left.
 *
 * The status, in precedence order. `written` is a decision the file already carries; `review`
 * is the review rule (needs-review.ts) on an undecided track. Bound: @reviewThreshold; call
 * prepareReviewSql first.
 */
export const STATUS_SQL = `CASE
  WHEN t.status = 'gone' THEN 'gone'
  WHEN d.track_id IS NOT NULL AND d.genre IS NOT NULL AND t.genres <> '[]' AND gw_tag_agrees(t.genres, d.genre) = 1 THEN 'written'
  WHEN d.track_id IS NOT NULL AND d.action = 'skip' THEN 'skipped'
  WHEN d.track_id IS NOT NULL THEN 'decided'
  WHEN se.id IS NOT NULL OR a.status = 'error' THEN 'error'
  WHEN p.track_id IS NOT NULL AND ${REVIEW_REASON_SQL} IS NOT NULL THEN 'review'
  WHEN p.track_id IS NOT NULL THEN 'predicted'
  WHEN a.status = 'ok' THEN 'analysed'
  ELSE 'new'
END`;

/**
 * An empty table with at least this many tracks to derive (a library upgraded to migration 10, or
 * written without the app) is filled in one go with its indexes built afterwards: sorting each
 * index once costs a fraction of inserting 100,000 rows into eleven indexes.
 */
const FIRST_FILL = 10_000;

/**
 * Tracks recomputed per transaction (a step) when a refresh runs to the end: short enough that a
 * scan writing beside us never waits long. A prediction-only step is set-based, so does more.
 */
const WHOLE_CHUNKS: Chunks = { rows: 5000, predictions: 20_000 };

/**
 * The most one step of a refresh in the background (BACKGROUND_STEP) recomputes. Each commit
 * writes the pages of the indexes the step touched, scattered over the whole index, which costs
 * nearly as much for 1,000 rows as for 20,000: smaller steps would cost more in all. A step also
 * stops at its time budget (RefreshBound.timeUp), checked between pieces of STEP_PIECES.
 */
export const STEP_CHUNKS: Chunks = { rows: 250, predictions: 1000 };

/**
 * The pieces a step with a time budget works in: up to 10 ms of CPU each at 100,000 tracks (a
 * re-learn's prediction columns cost about 40 µs a track), so a step overruns its budget by about
 * that. Not smaller: at 100,000 tracks a step of 100–200 rows of a re-learn wrote 3.3–3.5 pages of
 * WAL a row, one of 1,000 rows 1.3.
 */
export const STEP_PIECES: Chunks = { rows: 50, predictions: 250 };

/** How many tracks one step recomputes: whole rows, or prediction-only ones. */
interface Chunks {
  readonly rows: number;
  readonly predictions: number;
}

interface SourceRow {
  id: number;
  path: string;
  title: string | null;
  artist: string | null;
  album: string | null;
  album_artist: string | null;
  disc_no: number | null;
  track_no: number | null;
  duration_sec: number | null;
  genres: string;
  format: string | null;
  analysis: 'ok' | 'error' | null;
  predicted: string | null;
  confidence: number | null;
  write_key: string | null;
  belief: number | null;
  informed: number;
  unfamiliar: number;
  decision_action: string | null;
  decision_genre: string | null;
  decision_source: string | null;
  status: TrackStatus;
}

/** One `track_list` row, as stored. */
export interface TrackListRow {
  readonly track_id: number;
  readonly status: TrackStatus;
  readonly title_key: string | null;
  readonly artist_key: string | null;
  readonly album_key: string | null;
  readonly disc_no: number | null;
  readonly track_no: number | null;
  readonly path_key: string;
  readonly duration_sec: number | null;
  readonly genre_key: string | null;
  readonly predicted: string | null;
  readonly confidence: number | null;
  readonly write_key: string | null;
  readonly format: string | null;
  /** 1 when the track has a good analysis. */
  readonly analysed: number;
  /** The review queue's teaching order reads these (queue.ts): the track's album and artist groups, */
  readonly album_group: string;
  readonly artist_group: string | null;
  /** what the model believes before the few-label ceiling (null without a prediction), */
  readonly belief: number | null;
  /** whether the prediction already weighs the labels, the audio is unfamiliar, */
  readonly informed: number;
  readonly unfamiliar: number;
  /** and whether a person's decision names a genre, or any decision exists. */
  readonly labelled: number;
  readonly decided: number;
}

/** How genre values are compared by the genre filter and counted by the overview. */
export function foldGenre(value: string): string {
  return value.toLocaleLowerCase('en');
}

function parseGenres(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string') : [];
}

/**
 * A track's row from its sources: the keys are of what the table shows — the title, else the
 * file name; the artist and album tags, else the names the folders suggest; the genre a write
 * would put (the decision's, none when skipped, else the prediction's).
 */
export function trackListRow(source: SourceRow, folders: readonly string[]): TrackListRow {
  const fromFolder = source.artist === null || source.album === null ? folderArtistAlbum(source.path, folders) : null;
  return {
    track_id: source.id,
    status: source.status,
    title_key: naturalSortKey(source.title ?? fileNameOf(source.path)),
    artist_key: naturalSortKey(source.artist ?? fromFolder?.artist),
    album_key: naturalSortKey(source.album ?? fromFolder?.album),
    disc_no: source.disc_no,
    track_no: source.track_no,
    path_key: naturalSortKey(source.path) ?? '',
    duration_sec: source.duration_sec,
    genre_key: naturalSortKey(parseGenres(source.genres).join('; ')),
    predicted: source.predicted,
    confidence: source.confidence,
    write_key: source.write_key,
    format: source.format,
    analysed: source.analysis === 'ok' ? 1 : 0,
    ...teachingInputs(source),
  };
}

/**
 * What the model believes of a track: its probability after the unfamiliarity fall-off, before
 * the few-label ceiling that keeps the SHOWN confidence honest (learning/context-calibration.ts)
 * — the ceiling is one number for every track and would hide which questions teach most.
 * Registered as `gw_belief` (prepareTrackListSql).
 */
function belief(probability: unknown, oodScore: unknown, confidence: unknown): number | null {
  if (typeof probability === 'number')
    return shownConfidence(probability, typeof oodScore === 'number' ? oodScore : null);
  return typeof confidence === 'number' ? confidence : null;
}

/**
 * The columns a prediction decides, in SQL over `current_predictions p`, the current model's
 * `predictions pr` and `decisions d`: the genre a write would put (the decision's, none when
 * skipped, else the prediction's) as a natural sort key, the belief, whether the prediction
 * already weighs the labels and whether the audio is unfamiliar. The full refresh selects them
 * and the prediction-only refresh updates them, so both derive them here. Call
 * prepareTrackListSql first.
 */
const PREDICTION_COLUMNS_SQL = {
  predicted: 'p.genre',
  confidence: 'p.confidence',
  write_key:
    "gw_natural_key(CASE WHEN d.action IS NULL THEN p.genre WHEN d.action = 'skip' THEN NULL ELSE d.genre END)",
  belief: 'gw_belief(pr.probability, pr.ood_score, p.confidence)',
  informed: `(p.model_id IS '${CONTEXT_MODEL_ID}')`,
  unfamiliar: '(p.unfamiliar IS 1)',
} as const;

const registered = new WeakSet<Database>();

/** Registers what the track list's SQL calls on this connection (and what STATUS_SQL calls). */
function prepareTrackListSql(db: Database): void {
  prepareReviewSql(db);
  if (registered.has(db)) return;
  db.function('gw_natural_key', { deterministic: true }, (text: unknown) =>
    naturalSortKey(typeof text === 'string' ? text : null),
  );
  db.function('gw_belief', { deterministic: true }, belief);
  registered.add(db);
}

function teachingInputs(
  source: SourceRow,
): Pick<TrackListRow, 'album_group' | 'artist_group' | 'belief' | 'informed' | 'unfamiliar' | 'labelled' | 'decided'> {
  const grouped = { path: source.path, album: source.album, albumArtist: source.album_artist, artist: source.artist };
  return {
    album_group: albumKey(grouped),
    artist_group: artistKey(grouped),
    belief: source.belief,
    informed: source.informed,
    unfamiliar: source.unfamiliar,
    labelled: source.decision_source === 'user' && source.decision_genre !== null ? 1 : 0,
    decided: source.decision_action !== null ? 1 : 0,
  };
}

const STATUS_JOINS = `${CURRENT_PREDICTION_JOIN} ${DECISION_JOIN} ${ANALYSIS_JOIN} ${SCAN_ERROR_JOIN}`;

const CURRENT_MODEL_JOIN = 'LEFT JOIN predictions pr ON pr.track_id = p.track_id AND pr.model_id = p.model_id';

const PREDICTION_SELECT = Object.entries(PREDICTION_COLUMNS_SQL)
  .map(([column, sql]) => `${sql} AS ${column}`)
  .join(', ');

const SOURCE_SQL = `SELECT t.id, t.path, t.title, t.artist, t.album, t.album_artist, t.disc_no, t.track_no, t.duration_sec,
       t.genres, t.format, a.status AS analysis, ${PREDICTION_SELECT},
       d.action AS decision_action, d.genre AS decision_genre, d.source AS decision_source,
       ${STATUS_SQL} AS status
  FROM tracks t ${STATUS_JOINS} ${CURRENT_MODEL_JOIN}`;

const LIST_COLUMNS = [
  'status',
  'title_key',
  'artist_key',
  'album_key',
  'disc_no',
  'track_no',
  'path_key',
  'duration_sec',
  'genre_key',
  'predicted',
  'confidence',
  'write_key',
  'format',
  'analysed',
  'album_group',
  'artist_group',
  'belief',
  'informed',
  'unfamiliar',
  'labelled',
  'decided',
] as const;

const INSERT_SQL = `INSERT INTO track_list (track_id, ${LIST_COLUMNS.join(', ')})
  VALUES (@track_id, ${LIST_COLUMNS.map((c) => `@${c}`).join(', ')})`;

/**
 * Writes the recomputed rows, each column only where it changed: SQLite then rewrites only the
 * indexes over changed columns (a new prediction touches the status and confidence indexes, not
 * the title's or the artist's).
 */
function rowWriter(db: Database): (rows: readonly TrackListRow[]) => void {
  const insert = db.prepare(INSERT_SQL);
  const updates = new Map<string, ReturnType<Database['prepare']>>();
  const stored = db.prepare('SELECT * FROM track_list WHERE track_id IN (SELECT value FROM json_each(?))');
  return (rows) => {
    const old = new Map(
      (stored.all(JSON.stringify(rows.map((r) => r.track_id))) as TrackListRow[]).map((r) => [r.track_id, r]),
    );
    for (const row of rows) {
      const before = old.get(row.track_id);
      if (!before) {
        insert.run(row);
        continue;
      }
      const changed = LIST_COLUMNS.filter((c) => before[c] !== row[c]);
      if (changed.length === 0) continue;
      const key = changed.join(',');
      let update = updates.get(key);
      if (!update) {
        update = db.prepare(
          `UPDATE track_list SET ${changed.map((c) => `${c} = @${c}`).join(', ')} WHERE track_id = @track_id`,
        );
        updates.set(key, update);
      }
      update.run(row);
    }
  };
}

/** What the rows are computed from, for every track. */
function readAllSources(db: Database): SourceRow[] {
  prepareTrackListSql(db);
  return db
    .prepare(`${SOURCE_SQL} ORDER BY t.id`)
    .all({ reviewThreshold: getSetting(db, 'reviewThreshold') }) as SourceRow[];
}

/** The genre values a track's row keeps in track_list_tags: none for a gone track. */
function shownTags(source: SourceRow): string[] {
  return source.status === 'gone' ? [] : [...new Set(parseGenres(source.genres))].sort();
}

/**
 * Every track's row and genre values as the rules compute them now, without storing anything:
 * what the stored table must equal after a refresh (tests/review/track-list.test.ts).
 */
export function deriveTrackList(db: Database): { rows: TrackListRow[]; tags: Map<number, string[]> } {
  const folders = db.prepare('SELECT path FROM roots').pluck().all() as string[];
  const sources = readAllSources(db);
  return {
    rows: sources.map((s) => trackListRow(s, folders)),
    tags: new Map(sources.map((s) => [s.id, shownTags(s)])),
  };
}

/**
 * How much of a refresh one call may do: at most `steps` steps of `chunks`' sizes, each one
 * transaction; whether it may fill an empty table in one go (seconds at 100,000 tracks); and
 * whether it does anything only when that finishes the refresh. Unbounded by default: a CLI
 * command that writes and then reads sees fresh rows. With `timeUp` (a time budget), the call
 * works in `pieces` and stops after the piece during which it said the time was up: the
 * background refresh's steps then take about as long on a loaded machine or a large library.
 */
export interface RefreshBound {
  readonly steps: number;
  readonly chunks: Chunks;
  readonly firstFill: boolean;
  readonly onlyToFinish: boolean;
  readonly pieces?: Chunks;
  readonly timeUp?: () => boolean;
}

const UNBOUNDED: RefreshBound = {
  steps: Number.POSITIVE_INFINITY,
  chunks: WHOLE_CHUNKS,
  firstFill: true,
  onlyToFinish: false,
};

/**
 * What a read does where the refresh is kept in the background (refresh-mode.ts): what is left
 * when that is at most one step of each kind (a decision, an analysed track), else nothing.
 */
export const READ_BOUND: RefreshBound = { steps: 2, chunks: STEP_CHUNKS, firstFill: false, onlyToFinish: true };

/**
 * One step of the background refresh (refresh-keeper.ts): the first fill is its to do. Its time
 * budget is the caller's (refresh-mode.ts), who also gives one to the review order's step.
 */
export const BACKGROUND_STEP: RefreshBound = {
  steps: 1,
  chunks: STEP_CHUNKS,
  firstFill: true,
  onlyToFinish: false,
  pieces: STEP_PIECES,
};

/**
 * Brings `track_list` up to date: every dirty track's row is recomputed (every row when the
 * library folders changed), then the prediction columns and status of every track whose
 * prediction alone changed, set-based (a re-learn: 1.3 s of CPU at 100,000 tracks where
 * recomputing whole rows took 6.7 s), then the statuses a new threshold, aliases or display names
 * changed, swept over the rows in id order (track-list-rule.ts).
 * Cheap when nothing changed (four lookups); returns how many tracks were recomputed. Each step
 * is its own short transaction, so a writer beside it never waits long; `bound` caps the steps.
 */
export function refreshTrackList(db: Database, bound: RefreshBound = UNBOUNDED): number {
  const stamp = markRuleChange(db);
  const fullyDirty = db.prepare('SELECT 1 FROM track_list_dirty LIMIT 1').get() !== undefined;
  const predictionDirty = db.prepare('SELECT 1 FROM track_list_prediction_dirty LIMIT 1').get() !== undefined;
  const sweep = storedRule(db)?.after ?? null;
  if (!fullyDirty && !predictionDirty && sweep === null) return 0;
  if (fullyDirty && db.prepare('SELECT 1 FROM track_list LIMIT 1').get() === undefined) {
    const dirty = db.prepare('SELECT count(*) FROM track_list_dirty').pluck().get() as number;
    if (dirty >= FIRST_FILL) return bound.firstFill ? firstFill(db) : 0;
  }
  const { rows, predictions } = bound.chunks;
  if (
    bound.onlyToFinish &&
    (marked(db, 'track_list_dirty', rows) ||
      marked(db, 'track_list_prediction_dirty', predictions) ||
      (sweep !== null && marked(db, `track_list WHERE track_id > ${sweep}`, predictions)))
  )
    return 0;
  const { step, predictionStep, statusStep } = refresher(db, stamp);
  const timeUp = bound.timeUp ?? ((): boolean => false);
  const pieces = bound.timeUp ? (bound.pieces ?? bound.chunks) : bound.chunks;
  const run = (): number => {
    let total = 0;
    let steps = 0;
    const more = (): boolean => steps < bound.steps && !(total > 0 && timeUp());
    for (let n = rows; fullyDirty && n === rows && more(); steps++) total += n = step(rows, pieces.rows, timeUp);
    for (let n = predictions; predictionDirty && n === predictions && more(); steps++)
      total += n = predictionStep(predictions, pieces.predictions, timeUp);
    for (let n = predictions; sweep !== null && n === predictions && more(); steps++)
      total += n = statusStep(predictions, pieces.predictions, timeUp);
    return total;
  };
  return bound.steps === Number.POSITIVE_INFINITY ? withLargeCache(db, run) : run();
}

/** Whether `table` marks more than `limit` tracks (counting no further). */
function marked(db: Database, table: string, limit: number): boolean {
  return (
    (db
      .prepare(`SELECT count(*) FROM (SELECT 1 FROM ${table} LIMIT ?)`)
      .pluck()
      .get(limit + 1) as number) > limit
  );
}

/** Whether a refresh has work left: a rule not yet applied, statuses being swept, or tracks marked dirty. */
export function trackListPending(db: Database): boolean {
  return (
    rulePending(db) ||
    db.prepare('SELECT 1 FROM track_list_dirty LIMIT 1').get() !== undefined ||
    db.prepare('SELECT 1 FROM track_list_prediction_dirty LIMIT 1').get() !== undefined
  );
}

/** The page cache of a refresh of many rows, in KiB. */
const REFRESH_CACHE_KIB = 65536;

/**
 * Gives the connection a 64 MB page cache for a refresh of many rows, and returns what puts its
 * own back: after a re-learn every track's row changes, and the indexes it rewrites in random
 * order thrash SQLite's default 2 MB. Used by a refresh run to the end (withLargeCache) and by
 * the service's background refresh across its steps (refresh-keeper.ts).
 */
export function largeRefreshCache(db: Database): () => void {
  const before = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = -${REFRESH_CACHE_KIB}`);
  return () => {
    if (db.open) db.pragma(`cache_size = ${before}`);
  };
}

/** Runs a refresh with the large page cache when it has many rows to do. */
function withLargeCache<T>(db: Database, run: () => T): T {
  const dirty = db
    .prepare('SELECT (SELECT count(*) FROM track_list_dirty) + (SELECT count(*) FROM track_list_prediction_dirty)')
    .pluck()
    .get() as number;
  if (dirty < WHOLE_CHUNKS.rows) return run();
  const restore = largeRefreshCache(db);
  try {
    return run();
  } finally {
    restore();
  }
}

/**
 * One step: a transaction doing up to `limit` tracks in pieces of `piece`, stopping early when a
 * piece finds fewer left or after the piece during which `timeUp` said so; returns how many.
 */
type Step = (limit: number, piece: number, timeUp: () => boolean) => number;

interface Refresher {
  readonly stamp: string;
  /** Recomputes fully dirty rows. */
  readonly step: Step;
  /** Brings rows marked by a prediction change up to date. */
  readonly predictionStep: Step;
  /** Sweeps the status of the rows after the stored position. */
  readonly statusStep: Step;
}

/** A step doing `piece(n)` (which returns how many it did) over and over, as Step says. */
function inPieces(db: Database, piece: (n: number) => number): Step {
  return db.transaction((limit: number, size: number, timeUp: () => boolean): number => {
    let done = 0;
    for (;;) {
      const n = Math.min(size, limit - done);
      const did = piece(n);
      done += did;
      if (did < n || done >= limit || timeUp()) return done;
    }
  });
}

const refreshers = new WeakMap<Database, Refresher>();

/**
 * The steps of the refresh, each a transaction, their statements prepared once per connection and
 * rule stamp (the tag-agreement function registered with the settings the stamp names).
 */
function refresher(db: Database, stamp: string): Refresher {
  const hit = refreshers.get(db);
  if (hit?.stamp === stamp) return hit;
  prepareTrackListSql(db);
  const params = { reviewThreshold: getSetting(db, 'reviewThreshold') };
  const folders = db.prepare('SELECT path FROM roots').pluck().all() as string[];
  const pickDirty = db.prepare('SELECT track_id FROM track_list_dirty ORDER BY track_id LIMIT ?').pluck();
  const sources = db.prepare(`${SOURCE_SQL} WHERE t.id IN (SELECT value FROM json_each(@ids))`);
  const writeRows = rowWriter(db);
  const writeTags = tagWriter(db);
  const deleteRow = db.prepare('DELETE FROM track_list WHERE track_id = ?');
  const clean = db.prepare('DELETE FROM track_list_dirty WHERE track_id IN (SELECT value FROM json_each(?))');
  const step = inPieces(db, (limit) => {
    const ids = pickDirty.all(limit) as number[];
    const json = JSON.stringify(ids);
    const rows = sources.all({ ...params, ids: json }) as SourceRow[];
    writeRows(rows.map((source) => trackListRow(source, folders)));
    writeTags(rows);
    const found = new Set(rows.map((s) => s.id));
    for (const id of ids) if (!found.has(id)) deleteRow.run(id);
    clean.run(json);
    return ids.length;
  });
  const made = {
    stamp,
    step,
    predictionStep: predictionStepper(db, params),
    statusStep: statusStepper(db, stamp, params),
  };
  refreshers.set(db, made);
  return made;
}

/** What the prediction-only refresh recomputes in SQL: the prediction's columns and the status. */
const PREDICTION_ROW_SQL: Readonly<Record<string, string>> = { ...PREDICTION_COLUMNS_SQL, status: STATUS_SQL };

/**
 * `UPDATE track_list` of `columns`, recomputed for the tracks in track_list_prediction_dirty from
 * @first to @last, only where one differs. Both bounds: the planner may walk `tracks` or
 * `track_list` by id instead of the dirty table, and without the lower bound each chunk would
 * walk every id below it (quadratic at a million tracks).
 */
function updateWhereChanged(columns: readonly string[], of: 'dirty' | 'all' = 'dirty'): string {
  const tracks =
    of === 'dirty'
      ? 'track_list_prediction_dirty x JOIN tracks t ON t.id = x.track_id'
      : 'track_list x JOIN tracks t ON t.id = x.track_id';
  const fresh = `SELECT t.id, ${columns.map((c) => `${PREDICTION_ROW_SQL[c]} AS ${c}`).join(', ')}
    FROM ${tracks} ${STATUS_JOINS} ${CURRENT_MODEL_JOIN}
    WHERE x.track_id BETWEEN @first AND @last`;
  return `UPDATE track_list SET ${columns.map((c) => `${c} = s.${c}`).join(', ')} FROM (${fresh}) AS s
    WHERE track_list.track_id = s.id AND (${columns.map((c) => `track_list.${c} IS NOT s.${c}`).join(' OR ')})`;
}

/**
 * One step over the tracks whose prediction alone changed (the first `limit` of
 * track_list_prediction_dirty): their prediction's columns and status recomputed in SQL and
 * written only where they differ, in three statements so each rewrites only the indexes over what
 * it sets — the confidence changes on every re-learn, the genre and the status seldom, and the
 * status is in every index.
 */
function predictionStepper(db: Database, params: { readonly reviewThreshold: number }): Step {
  const updates = [
    ['confidence', 'belief', 'informed', 'unfamiliar'],
    ['predicted', 'write_key'],
  ].map((columns) => db.prepare(updateWhereChanged(columns)));
  const updateStatus = db.prepare(updateWhereChanged(['status']));
  const chunk = db.prepare(
    `SELECT min(track_id) AS first, max(track_id) AS last, count(*) AS n
       FROM (SELECT track_id FROM track_list_prediction_dirty ORDER BY track_id LIMIT ?)`,
  );
  const clean = db.prepare('DELETE FROM track_list_prediction_dirty WHERE track_id <= ?');
  return inPieces(db, (limit) => {
    const { first, last, n } = chunk.get(limit) as { first: number | null; last: number | null; n: number };
    if (first === null || last === null) return 0;
    for (const update of updates) update.run({ first, last });
    updateStatus.run({ ...params, first, last });
    clean.run(last);
    return n;
  });
}

/**
 * One step of the sweep a new threshold, aliases or display names start (track-list-rule.ts):
 * the status of the next `limit` rows after the stored position recomputed and written where it
 * changed, then the position moved on (the sweep ended when fewer were left).
 */
function statusStepper(db: Database, stamp: string, params: { readonly reviewThreshold: number }): Step {
  const update = db.prepare(updateWhereChanged(['status'], 'all'));
  const range = db.prepare(
    `SELECT max(track_id) AS last, count(*) AS n
       FROM (SELECT track_id FROM track_list WHERE track_id > ? ORDER BY track_id LIMIT ?)`,
  );
  return inPieces(db, (limit) => {
    const after = storedRule(db)?.after ?? null;
    if (after === null) return 0;
    const { last, n } = range.get(after, limit) as { last: number | null; n: number };
    if (last !== null) update.run({ ...params, first: after + 1, last });
    storeRule(db, { stamp, after: n < limit || last === null ? null : last });
    return n;
  });
}

/** The first fill of an empty table: rows and genre values first, then the indexes. */
function firstFill(db: Database): number {
  const folders = db.prepare('SELECT path FROM roots').pluck().all() as string[];
  const insert = db.prepare(INSERT_SQL);
  const insertTag = db.prepare('INSERT OR IGNORE INTO track_list_tags (folded, track_id, tag) VALUES (?, ?, ?)');
  return db.transaction((): number => {
    for (const name of Object.keys(TRACK_LIST_INDEXES)) db.exec(`DROP INDEX IF EXISTS ${name}`);
    const sources = readAllSources(db);
    for (const source of sources) {
      insert.run(trackListRow(source, folders));
      for (const tag of shownTags(source)) insertTag.run(foldGenre(tag), source.id, tag);
    }
    db.exec(createTrackListIndexes());
    db.prepare('DELETE FROM track_list_prediction_dirty').run();
    return db.prepare('DELETE FROM track_list_dirty').run().changes;
  })();
}

/** Rewrites a track's genre values in track_list_tags where they changed. */
function tagWriter(db: Database): (sources: readonly SourceRow[]) => void {
  const stored = db.prepare(
    'SELECT track_id, tag FROM track_list_tags WHERE track_id IN (SELECT value FROM json_each(?)) ORDER BY track_id, tag',
  );
  const remove = db.prepare('DELETE FROM track_list_tags WHERE track_id = ?');
  const insert = db.prepare('INSERT OR IGNORE INTO track_list_tags (folded, track_id, tag) VALUES (?, ?, ?)');
  return (sources) => {
    const old = new Map<number, string[]>();
    for (const r of stored.all(JSON.stringify(sources.map((s) => s.id))) as { track_id: number; tag: string }[]) {
      const list = old.get(r.track_id);
      if (list) list.push(r.tag);
      else old.set(r.track_id, [r.tag]);
    }
    for (const source of sources) {
      const tags = shownTags(source);
      const before = old.get(source.id) ?? [];
      if (tags.length === before.length && tags.every((t, i) => t === before[i])) continue;
      remove.run(source.id);
      for (const tag of tags) insert.run(foldGenre(tag), source.id, tag);
    }
  };
}
