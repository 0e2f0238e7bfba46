import { sendEarly } from '../api/early-requests';
import { opensOnLibrary } from '../lib/views';
import { DEFAULT_SORT, NO_FILTERS, pageQuery } from '../lib/track-filters';

/**
 * The first script of the page, a few kilobytes: under `genrewise serve` it asks for the library
 * table's first rows at once, so the server works on them while the browser is still parsing the
 * app's bundle (hundreds of milliseconds on a cold start). In the desktop app (the preload
 * defined `window.genrewise`) the rows come over IPC and nothing is sent here.
 */
if (!('genrewise' in window) && opensOnLibrary(window.location.hash)) {
  sendEarly('', 'tracks.query', pageQuery(NO_FILTERS, DEFAULT_SORT, 0));
}
