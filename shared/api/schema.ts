import { z } from 'zod';
import { ApiError, type ApiMethod, type ApiParams } from './contract.js';
import { MAX_LABEL, MAX_SEARCH, PRINTABLE } from './text-rules.js';

/**
 * Runtime schemas for every API method's params: the one place both transports (HTTP under
 * /api/ and Electron IPC) check what a caller sent before the service sees it. The compile-time
 * check at the bottom ties each schema to the typed contract in contract.ts, so the two cannot
 * drift: adding a method or a field to one without the other fails `tsc`.
 *
 * Not exported from shared/api/index.ts on purpose: the renderer never validates, so zod stays
 * out of its bundle.
 */

const text = (max: number) =>
  z
    .string()
    .max(max, { error: `at most ${max} characters` })
    .regex(PRINTABLE, { error: 'control characters are not allowed' });
/** A genre, alias or display name as typed by a person. */
const label = text(MAX_LABEL).refine((s) => s.trim().length > 0, { error: 'must not be empty' });
/** A file-system path as typed by a person: any character but NUL. */
const path = z
  .string()
  .max(4096, { error: 'path too long' })
  .refine((s) => s.trim().length > 0, { error: 'a path is required' })
  .refine((s) => !s.includes('\0'), { error: 'a path cannot contain NUL' });
const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const unit = z.number().min(0).max(1);
const empty = z.strictObject({});

const trackStatus = z.enum([
  'new',
  'analysed',
  'predicted',
  'review',
  'decided',
  'skipped',
  'written',
  'error',
  'gone',
]);
const trackSort = z.enum([
  'title',
  'artist',
  'album',
  'genre',
  'predicted',
  'confidence',
  'status',
  'path',
  'duration',
]);

const decision = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('accept') }),
  z.strictObject({ action: z.literal('keep') }),
  z.strictObject({ action: z.literal('skip') }),
  z.strictObject({ action: z.literal('choose'), genre: label }),
]);

const tagWrite = z.strictObject({
  mode: z.enum(['replace', 'add', 'fill']),
  minConfidence: unit.optional(),
  onlyDecided: z.boolean().optional(),
  keepMtime: z.boolean().optional(),
});

const ffmpegRefused =
  'the ffmpeg program is chosen only on the command line (genrewise serve --ffmpeg PATH) or with the desktop app\u2019s file dialog';

/** settings.update takes everything but the executable path (see issue 12: a page must not choose a program to run). */
const settingsPatch = z.strictObject({
  displayNames: z.record(label, label).optional(),
  aliases: z.record(label, label).optional(),
  reviewThreshold: unit.optional(),
  acceptThreshold: unit.optional(),
  defaultModel: text(4096)
    .refine((s) => s.trim().length > 0, { error: 'must not be empty' })
    .optional(),
  personalModel: text(200).nullable().optional(),
  scanExclude: z.array(label).max(500).readonly().optional(),
});

export const API_PARAM_SCHEMAS = {
  'roots.list': empty,
  'roots.add': z.strictObject({ path }),
  'roots.remove': z.strictObject({ id }),
  'folders.list': z.strictObject({ path: path.optional() }),

  'jobs.scan': z.strictObject({ rootIds: z.array(id).max(10_000).optional() }),
  'jobs.analyze': empty,
  'jobs.write': tagWrite,
  'jobs.undo': z.strictObject({ batch: id.optional() }),
  'jobs.learn': z.strictObject({
    fromTags: z.boolean().optional(),
    minPerGenre: z.number().int().min(1).max(1_000_000).optional(),
    activate: z.boolean().optional(),
  }),
  'jobs.cancel': z.strictObject({ id: text(200).min(1) }),
  'jobs.dismiss': z.strictObject({ id: text(200).min(1) }),
  'learning.readiness': z.strictObject({ fromTags: z.boolean().optional() }),
  'jobs.list': empty,

  'tracks.query': z.strictObject({
    search: text(MAX_SEARCH).optional(),
    genre: text(MAX_LABEL).optional(),
    predicted: text(MAX_LABEL).optional(),
    minConfidence: unit.optional(),
    maxConfidence: unit.optional(),
    status: trackStatus.optional(),
    artist: text(MAX_SEARCH).optional(),
    album: text(MAX_SEARCH).optional(),
    sort: trackSort.optional(),
    descending: z.boolean().optional(),
    offset: count.optional(),
    limit: count.optional(),
  }),
  'tracks.get': z.strictObject({ id }),
  'tracks.cover': z.strictObject({ id }),
  'library.stats': empty,
  'library.errors': z.strictObject({ limit: count.optional() }),

  'review.queue': z.strictObject({
    below: unit.optional(),
    genre: text(200).optional(),
    artist: text(1000).optional(),
    folder: path.optional(),
    offset: count.optional(),
    limit: count.optional(),
  }),
  'review.decide': z.strictObject({ id, decision }),
  'review.acceptAbove': z.strictObject({ threshold: unit }),
  'review.decideMany': z
    .strictObject({
      ids: z.array(id).min(1).max(100_000).optional(),
      query: z
        .strictObject({
          search: text(1000).optional(),
          genre: text(200).optional(),
          predicted: text(200).optional(),
          minConfidence: unit.optional(),
          maxConfidence: unit.optional(),
          status: trackStatus.optional(),
          artist: text(1000).optional(),
          album: text(1000).optional(),
        })
        .optional(),
      decision,
    })
    .refine((p) => (p.ids === undefined) !== (p.query === undefined), { error: 'give either ids or query' }),
  'review.acceptPreview': z.strictObject({ threshold: unit }),
  'review.clear': z.strictObject({ ids: z.array(id).min(1).max(100_000) }),
  'review.history': z.strictObject({ limit: z.number().int().min(1).max(1000).optional() }),
  'review.undo': z.strictObject({ decidedAt: text(40).min(1), source: z.enum(['user', 'model']) }),
  'review.album': z.strictObject({ id }),
  'review.decideAlbum': z.strictObject({
    album: z.union([id, text(5000).min(1)]),
    genre: label,
    except: z.array(id).max(100_000).optional(),
    overrideDecided: z.boolean().optional(),
  }),

  'tags.plan': tagWrite,
  'tags.batches': empty,

  'similar.tracks': z.strictObject({ id, n: z.number().int().min(1).max(1000).optional() }),
  'similar.path': z.strictObject({ id, n: z.number().int().min(1).max(1000).optional() }),
  'similar.export': z.strictObject({
    id,
    n: z.number().int().min(1).max(1000).optional(),
    out: path,
    format: z.enum(['m3u8', 'pls', 'xspf']),
  }),
  'library.map': empty,

  'playlists.export': z.strictObject({
    out: path,
    format: z.enum(['m3u8', 'pls', 'xspf']),
    source: z.enum(['decided', 'predicted', 'tags']),
    minConfidence: unit.optional(),
  }),

  'playlists.preview': z.strictObject({
    source: z.enum(['decided', 'predicted', 'tags']),
    minConfidence: unit.optional(),
  }),

  'settings.get': empty,
  'settings.update': settingsPatch,

  'models.list': empty,
} as const;

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'params';
  if (issue.code === 'unrecognized_keys') {
    if (issue.keys.includes('ffmpegPath')) return ffmpegRefused;
    return `${where}: unknown field ${issue.keys.join(', ')}`;
  }
  return `${where}: ${issue.message}`;
}

/**
 * The params of `method`, checked against its schema; anything else is a bad request that names
 * the first wrong field. Both transports call this and nothing else before the service.
 */
export function parseApiParams<M extends ApiMethod>(method: M, params: unknown): ApiParams<M> {
  const schema: z.ZodType = API_PARAM_SCHEMAS[method];
  const result = schema.safeParse(params);
  if (result.success) return result.data as ApiParams<M>;
  const first = result.error.issues[0];
  throw new ApiError('bad-request', `${method}: ${first ? describeIssue(first) : 'invalid params'}`);
}

// ---- Compile-time: every schema accepts exactly its method's params type, and nothing else. ----
type Assignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Mutually assignable and the same field names (optional fields would otherwise slip through). */
type Same<A, B> = Assignable<A, B> extends true ? Assignable<keyof A, keyof B> : false;
type Schemas = typeof API_PARAM_SCHEMAS;
type Drifted = {
  [M in ApiMethod]: Same<z.output<Schemas[M]>, ApiParams<M>> extends true ? never : M;
}[ApiMethod];
type Unlisted = Exclude<keyof Schemas, ApiMethod>;
const _schemasMatchContract: [Drifted | Unlisted] extends [never] ? true : Drifted | Unlisted = true;
void _schemasMatchContract;
