import { parentPort } from 'node:worker_threads';
import type { Database } from '../library/db.js';
import { openLibrary } from './library-schema.js';
import { libraryErrors, type LibraryErrorsReply, type LibraryErrorsRequest } from './library-errors.js';

/**
 * Thread body of libraryErrorsOffThread (library-errors.ts): one list per message, on a read-only
 * connection kept open for the library asked about last.
 */
let open: { readonly path: string; readonly db: Database } | undefined;

function connection(path: string): Database {
  if (open?.path === path) return open.db;
  open?.db.close();
  open = undefined;
  open = { path, db: openLibrary(path, { readonly: true }) };
  return open.db;
}

parentPort?.on('message', (req: LibraryErrorsRequest) => {
  let reply: LibraryErrorsReply;
  try {
    reply = { id: req.id, errors: libraryErrors(connection(req.path), req.limit) };
  } catch (err) {
    reply = { id: req.id, failure: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(reply);
});
