import type { Database } from '../../core/library/db.js';
import { createApiService } from '../../core/service/api-service.js';
import type { ApiService } from '../../core/service/types.js';

/**
 * The real API service over a test library, for tests that never analyse audio: starting an
 * analysis worker fails loudly, and media URLs are the server's `/media/<id>`.
 */
export function serviceWithoutAnalysis(db: Database): ApiService {
  return createApiService({
    db,
    spawnWorker: () => {
      throw new Error('no analysis in this test');
    },
    mediaUrl: (id) => `/media/${id}`,
  });
}
