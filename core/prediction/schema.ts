import type { Migration } from '../library/migrations/types.js';

/**
 * Models known to the library (the committed defaults are registered on first use; personal
 * models are trained from the user's own labels and saved as files beside the library), every model's prediction
 * per track, and the one current prediction per track that the UI, review and playlists read.
 * A re-analysis deletes the old analysis row, and with it the predictions made from it and the
 * current prediction that pointed at them (foreign keys), so nothing stale is ever shown.
 */
export const predictionsMigration: Migration = {
  version: 3,
  name: 'predictions',
  up(db) {
    db.exec(`
      CREATE TABLE models (
        id          TEXT PRIMARY KEY,
        role        TEXT NOT NULL CHECK (role IN ('default', 'personal')),
        kind        TEXT NOT NULL,
        path        TEXT NOT NULL,
        card        TEXT NOT NULL,
        created_at  TEXT NOT NULL
      );

      CREATE TABLE predictions (
        track_id       INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
        model_id       TEXT NOT NULL,
        analysis_id    INTEGER REFERENCES analyses(id) ON DELETE CASCADE,
        genre          TEXT NOT NULL,
        probability    REAL NOT NULL,
        ood_score      REAL,
        confidence     REAL NOT NULL,
        probabilities  TEXT NOT NULL,
        windows        TEXT NOT NULL DEFAULT '[]',
        predicted_at   TEXT NOT NULL,
        PRIMARY KEY (track_id, model_id)
      );

      CREATE TABLE current_predictions (
        track_id    INTEGER PRIMARY KEY REFERENCES tracks(id) ON DELETE CASCADE,
        model_id    TEXT NOT NULL,
        source      TEXT NOT NULL CHECK (source IN ('default', 'personal')),
        genre       TEXT NOT NULL,
        confidence  REAL NOT NULL,
        unfamiliar  INTEGER NOT NULL DEFAULT 0,
        FOREIGN KEY (track_id, model_id) REFERENCES predictions(track_id, model_id) ON DELETE CASCADE
      );
      CREATE INDEX current_predictions_genre ON current_predictions(genre);
      CREATE INDEX current_predictions_confidence ON current_predictions(confidence);
    `);
  },
};

/**
 * Why a prediction says what it says, in a short sentence ("4 tracks of this album are decided
 * Metal"): written by the library-context model (learning/context-pass.ts) with its predictions,
 * and copied with the chosen prediction into current_predictions so lists read it without a join.
 */
export const predictionReasonsMigration: Migration = {
  version: 7,
  name: 'prediction-reasons',
  up(db) {
    db.exec(`
      ALTER TABLE predictions ADD COLUMN reason TEXT;
      ALTER TABLE current_predictions ADD COLUMN reason TEXT;
    `);
  },
};

/**
 * The prediction stage owns `models`, `predictions` and `current_predictions`: schema here, queries in store.ts, models.ts and current.ts.
 * Versions are global (one order for the whole file, see core/service/library-schema.ts);
 * a new step takes the next free number and is appended here.
 */
export const PREDICTION_MIGRATIONS: readonly Migration[] = [predictionsMigration, predictionReasonsMigration];
