import type { Migration } from '../library/migrations/types.js';

/**
 * The library table's own index: one narrow row per track with what the table filters and sorts
 * by, so every filter, sort and count at 100,000 tracks is a range of one index instead of
 * deriving each track's status from five tables.
 *
 * `track_list` holds the status (the one rule of track-list.ts over tracks, scan errors,
 * analyses, predictions and decisions), the natural sort keys of what the table shows
 * (shared/natural-sort-key.ts) and copies of the predicted genre and confidence.
 * `track_list_tags` holds the genre values of each file shown (not gone), case-folded, for the
 * genre filter and the overview's genre counts. `format` and `analysed` serve the overview's
 * counts (track_list_summary); the album and artist groups, the model's belief and the decision
 * flags are what the review queue's teaching order reads (queue.ts), one narrow row per track.
 *
 * The rows are derived, and kept current in two steps, because the status needs application code
 * (the tag-agreement function and the review threshold) that not every connection registers:
 * plain-SQL triggers on the input tables only mark a track dirty (`track_list_dirty`), and
 * refreshTrackList (track-list.ts) recomputes the dirty rows (before a read, or in the
 * background: refresh-mode.ts). What the rule
 * reads outside the rows (threshold, aliases, display names, library folders, the rule's
 * version) is summed up in `track_list_rule.stamp`; a different stamp makes every row dirty.
 * The migration marks every existing track dirty, so the first read fills the table. (Since
 * migration 12 a write to the prediction tables marks `track_list_prediction_dirty` instead.)
 */
export const trackListMigration: Migration = {
  version: 10,
  name: 'track-list',
  up(db) {
    db.exec(`
      CREATE TABLE track_list (
        track_id      INTEGER PRIMARY KEY REFERENCES tracks(id) ON DELETE CASCADE,
        status        TEXT NOT NULL,
        title_key     TEXT,
        artist_key    TEXT,
        album_key     TEXT,
        disc_no       INTEGER,
        track_no      INTEGER,
        path_key      TEXT NOT NULL,
        duration_sec  REAL,
        genre_key     TEXT,
        predicted     TEXT,
        confidence    REAL,
        write_key     TEXT,
        format        TEXT,
        analysed      INTEGER NOT NULL DEFAULT 0,
        album_group   TEXT NOT NULL DEFAULT '',
        artist_group  TEXT,
        belief        REAL,
        informed      INTEGER NOT NULL DEFAULT 0,
        unfamiliar    INTEGER NOT NULL DEFAULT 0,
        labelled      INTEGER NOT NULL DEFAULT 0,
        decided       INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE track_list_tags (
        folded    TEXT NOT NULL,
        track_id  INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
        tag       TEXT NOT NULL,
        PRIMARY KEY (folded, tag, track_id)
      ) WITHOUT ROWID;
      CREATE INDEX track_list_tags_track ON track_list_tags(track_id);
      CREATE TABLE track_list_dirty (track_id INTEGER PRIMARY KEY);
      CREATE TABLE track_list_rule (id INTEGER PRIMARY KEY CHECK (id = 1), stamp TEXT NOT NULL);

      ${createTrackListIndexes()}

      ${dirtyTriggers()}
      INSERT INTO track_list_dirty (track_id) SELECT id FROM tracks;
    `);
  },
};

/**
 * A track_list row's teaching component (teaching-order.ts): its artist group, or its album group
 * when it names no artist. An album's key names its artist, so an answer changes the values of
 * its own component only.
 */
export function teachingComponentSql(row?: 'old' | 'new'): string {
  const column = (name: string): string => (row ? `${row}.${name}` : name);
  return `coalesce(${column('artist_group')}, ${column('album_group')})`;
}

export const TEACHING_COMPONENT_SQL = teachingComponentSql();

/**
 * Each sort's terms as a partial index over the tracks shown (status not 'gone'), which a page
 * walks in order; the row id (the track id) ends every index and breaks ties. The status rides at
 * the end of each, so a status filter on a large share of the library walks the sort's index
 * without reading a row (track-query.ts). `track_list_status` orders the status sort;
 * `track_list_state` is the narrow one that counts. The confidence is in the two sorts by it
 * only (confidence; genre to write, then confidence): a re-learn changes every track's, and each
 * index holding it costs about a second to rewrite at 100,000 tracks.
 */
export const SORT_INDEX_TERMS = {
  artist: 'artist_key, album_key, disc_no, track_no, path_key',
  album: 'album_key, disc_no, track_no, path_key',
  title: 'title_key',
  duration: 'duration_sec',
  path: 'path_key',
  genre: 'genre_key',
  write: 'write_key, confidence',
  confidence: 'confidence',
} as const;

/** Columns riding after the status in a sort's index, so its walks test more filters in the index. */
const RIDERS: Partial<Record<keyof typeof SORT_INDEX_TERMS, string>> = { confidence: ', predicted' };

/** The indexes of track_list, by name (refreshTrackList drops and rebuilds them for a first fill). */
export const TRACK_LIST_INDEXES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    Object.entries(SORT_INDEX_TERMS).map(([name, terms]) => [
      `track_list_${name}`,
      `ON track_list(${terms}, status${RIDERS[name as keyof typeof SORT_INDEX_TERMS] ?? ''}) WHERE status <> 'gone'`,
    ]),
  ),
  track_list_status: 'ON track_list(status, path_key)',
  track_list_state: 'ON track_list(status)',
  track_list_predicted: "ON track_list(predicted, status) WHERE status <> 'gone'",
  track_list_summary: "ON track_list(format, analysed, duration_sec, status) WHERE status <> 'gone'",
  track_list_component: `ON track_list(${TEACHING_COMPONENT_SQL})`,
};

export function createTrackListIndexes(): string {
  return Object.entries(TRACK_LIST_INDEXES)
    .map(([name, definition]) => `CREATE INDEX ${name} ${definition};`)
    .join('\n');
}

/**
 * A trigger statement recording a track as dirty in `dirty`. No OR IGNORE: an outer upsert's
 * conflict handling would override it inside the trigger.
 */
function mark(id: string, dirty = 'track_list_dirty'): string {
  return `INSERT INTO ${dirty} (track_id) SELECT ${id} WHERE NOT EXISTS (SELECT 1 FROM ${dirty} WHERE track_id = ${id});`;
}

/** Triggers marking a per-track table's writes (the old and the new track) dirty in `dirty`. */
function perTrackTriggers(table: string, dirty = 'track_list_dirty'): string {
  return `
      CREATE TRIGGER track_list_${table}_insert AFTER INSERT ON ${table} BEGIN ${mark('new.track_id', dirty)} END;
      CREATE TRIGGER track_list_${table}_update AFTER UPDATE ON ${table} BEGIN ${mark('old.track_id', dirty)} ${mark('new.track_id', dirty)} END;
      CREATE TRIGGER track_list_${table}_delete AFTER DELETE ON ${table} BEGIN ${mark('old.track_id', dirty)} END;`;
}

/** A trigger per write that can change a track's row: it only records the track as dirty. */
function dirtyTriggers(): string {
  const markPath = (path: string): string =>
    `INSERT INTO track_list_dirty (track_id) SELECT id FROM tracks WHERE path = ${path} AND id NOT IN (SELECT track_id FROM track_list_dirty);`;
  const shownColumns = [
    'album_artist',
    'path',
    'status',
    'genres',
    'title',
    'artist',
    'album',
    'disc_no',
    'track_no',
    'duration_sec',
    'root_id',
  ];
  const changed = shownColumns.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ');
  return `
      CREATE TRIGGER track_list_tracks_insert AFTER INSERT ON tracks BEGIN ${mark('new.id')} END;
      CREATE TRIGGER track_list_tracks_update AFTER UPDATE ON tracks WHEN ${changed} BEGIN ${mark('new.id')} END;
      CREATE TRIGGER track_list_scan_errors_insert AFTER INSERT ON scan_errors BEGIN ${markPath('new.path')} END;
      CREATE TRIGGER track_list_scan_errors_update AFTER UPDATE OF path ON scan_errors BEGIN ${markPath('old.path')} ${markPath('new.path')} END;
      CREATE TRIGGER track_list_scan_errors_delete AFTER DELETE ON scan_errors BEGIN ${markPath('old.path')} END;
      ${perTrackTriggers('analyses')}
      ${perTrackTriggers('current_predictions')}
      ${perTrackTriggers('predictions')}
      ${perTrackTriggers('decisions')}`;
}

/** The tables whose writes change only the columns a prediction decides (PREDICTION_COLUMNS_SQL). */
const PREDICTION_TABLES = ['current_predictions', 'predictions'] as const;

/**
 * A re-learn changes every track's prediction, and recomputing every row from all its sources
 * took seconds at 100,000 tracks. Writes to the prediction tables now mark their tracks in
 * `track_list_prediction_dirty` instead, which refreshTrackList brings up to date with a few
 * set-based statements over only the columns a prediction decides (track-list.ts); every other
 * input still marks the whole row dirty.
 */
export const trackListPredictionDirtyMigration: Migration = {
  version: 12,
  name: 'track-list-prediction-dirty',
  up(db) {
    db.exec(`
      CREATE TABLE track_list_prediction_dirty (track_id INTEGER PRIMARY KEY);
      ${PREDICTION_TABLES.flatMap((table) =>
        ['insert', 'update', 'delete'].map((write) => `DROP TRIGGER IF EXISTS track_list_${table}_${write};`),
      ).join('\n')}
      ${PREDICTION_TABLES.map((table) => perTrackTriggers(table, 'track_list_prediction_dirty')).join('\n')}
    `);
  },
};

/**
 * At this many dirty teaching components review-order.ts recomputes the whole order, so the
 * triggers stop recording more: a re-learn changes every track's belief, and marking 80,000
 * components one by one cost it 0.7 s at 100,000 tracks.
 */
export const REVIEW_ORDER_WHOLE_AT = 2000;

/** A trigger statement recording the teaching component `component` as dirty in review_order_dirty. */
function markComponent(component: string): string {
  return `INSERT INTO review_order_dirty (component) SELECT ${component}
    WHERE NOT EXISTS (SELECT 1 FROM review_order_dirty WHERE component = ${component});`;
}

/** The triggers' condition to mark at all: fewer than REVIEW_ORDER_WHOLE_AT marked (`n` counts them). */
const MARKING = `coalesce((SELECT max(n) FROM review_order_dirty), 0) < ${REVIEW_ORDER_WHOLE_AT}`;

/**
 * The track_list columns the teaching order reads (teachingRowsSql in teaching-rows.ts): a change to one re-orders its component. A column that query starts to read
 * must be added here, by a new migration that recreates the triggers, or the stored order goes
 * stale; tests/review/teaching-columns.test.ts fails until then.
 */
const TEACHING_COLUMNS = 'status predicted album_group artist_group belief informed unfamiliar labelled decided'.split(
  ' ',
);

/**
 * The review queue's teaching order, kept in a table (review-order.ts): computing it over 100,000
 * tracks took 1.5–2.3 s on the first read after any write, and a decision changes the values of
 * one artist's tracks only. `review_order` holds each queued track's sort key: the value the
 * greedy picked it at, then the tie order. Triggers on track_list record the teaching components
 * (TEACHING_COMPONENT_SQL) whose inputs changed in `review_order_dirty`; the next queue read
 * recomputes those components alone. `review_order_rule.stamp` names the settling shares the
 * order was computed with; without one (as after this migration) the next read computes it all.
 */
export const reviewOrderMigration: Migration = {
  version: 13,
  name: 'review-order',
  up(db) {
    const changed = TEACHING_COLUMNS.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ');
    const oldComponent = teachingComponentSql('old');
    const newComponent = teachingComponentSql('new');
    db.exec(`
      CREATE TABLE review_order (
        track_id     INTEGER PRIMARY KEY REFERENCES tracks(id) ON DELETE CASCADE,
        value        REAL NOT NULL,
        uncertainty  REAL NOT NULL,
        unfamiliar   INTEGER NOT NULL
      );
      CREATE INDEX review_order_rank ON review_order(value DESC, uncertainty DESC, unfamiliar DESC, track_id);
      CREATE TABLE review_order_dirty (n INTEGER PRIMARY KEY, component TEXT NOT NULL UNIQUE);
      CREATE TABLE review_order_rule (id INTEGER PRIMARY KEY CHECK (id = 1), stamp TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS track_list_component ${TRACK_LIST_INDEXES.track_list_component};
      CREATE TRIGGER review_order_track_list_insert AFTER INSERT ON track_list WHEN ${MARKING}
        BEGIN ${markComponent(newComponent)} END;
      CREATE TRIGGER review_order_track_list_delete AFTER DELETE ON track_list WHEN ${MARKING}
        BEGIN ${markComponent(oldComponent)} END;
      CREATE TRIGGER review_order_track_list_update AFTER UPDATE ON track_list WHEN (${changed}) AND ${MARKING}
        BEGIN ${markComponent(oldComponent)} ${markComponent(newComponent)} END;
    `);
  },
};

/**
 * The review stage owns `track_list`, `track_list_tags`, `track_list_dirty`,
 * `track_list_prediction_dirty`, `track_list_rule` and the review_order tables: schema here,
 * queries in track-list.ts, track-query.ts and review-order.ts. Versions are global (one order for
 * the whole file, see core/service/library-schema.ts).
 */
export const REVIEW_MIGRATIONS: readonly Migration[] = [
  trackListMigration,
  trackListPredictionDirtyMigration,
  reviewOrderMigration,
];
