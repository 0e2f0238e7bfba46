import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as musicMetadata from 'music-metadata';
import { parseFromTokenizer, scanAppendingHeaders, type IAudioMetadata, type IOptions } from 'music-metadata';
import type { IRandomAccessTokenizer, ITokenizer } from 'strtok3';

/**
 * music-metadata's `parseFromTokenizer`, minus its biggest fixed cost for small files.
 *
 * Every parse builds a new MetadataCollector, and with it a new CombinedTagMapper: eleven tag
 * mappers, five of which upper-case every key of their tag tables in their constructors. For a
 * 20 KB file that costs more CPU than parsing the file. The mappers keep no state between tags,
 * so one set serves every parse: this module runs the library's own parse steps (its
 * ParserFactory's `parse`, for a file whose MIME type is known) with a collector that shares one
 * tag mapper. Everything else (parsers, collector methods, tag priorities) is the library's code.
 *
 * It reaches the collector and the parser factory through their module files inside the package,
 * which the package does not export: found next to its entry point, so they are the same
 * module instances the library itself uses. When they are not where or what this module expects
 * (another version, a bundler), it falls back to the stock parse, the same results more slowly.
 * tests/library/metadata-parse.test.ts compares both over every fixture and development file.
 */

export type MetadataParse = (tokenizer: ITokenizer, options: IOptions) => Promise<IAudioMetadata>;

/** The library's own entry point: a new collector and tag mapper per file. */
export const stockParse: MetadataParse = (tokenizer, options) => parseFromTokenizer(tokenizer, options);

interface Collector {
  readonly format: {
    readonly trackInfo?: readonly { readonly type?: unknown }[];
    readonly hasAudio?: boolean;
    readonly hasVideo?: boolean;
  };
  setFormat(key: 'hasAudio' | 'hasVideo', value: boolean): void;
  toCommonMetadata(): IAudioMetadata;
}

type ParserClass = new (metadata: Collector, tokenizer: ITokenizer, options: IOptions) => { parse(): Promise<void> };

interface ParserLoader {
  load(): Promise<ParserClass>;
}

interface ParserFactory {
  findLoaderForContentType(mime: string): ParserLoader | undefined;
}

interface Internals {
  readonly factory: ParserFactory;
  readonly collector: (options: IOptions) => Collector;
  readonly audio: unknown;
  readonly video: unknown;
}

/** The fields MetadataCollector's constructor sets (music-metadata 11): anything else, fall back. */
const COLLECTOR_FIELDS = 'common,commonOrigin,format,native,opts,originPriority,quality,tagMapper';

let internals: Promise<Internals | undefined> | undefined;

/** Whether parses share one tag mapper here (false: every parse goes the stock way). */
export async function sharedMapperAvailable(): Promise<boolean> {
  internals ??= loadInternals();
  return (await internals) !== undefined;
}

/**
 * Parses with one shared tag mapper when the file's MIME type names a parser; otherwise (content
 * sniffing needed) or without the internals, exactly as `parseFromTokenizer` does.
 */
export const sharedMapperParse: MetadataParse = async (tokenizer, options) => {
  internals ??= loadInternals();
  const lib = await internals;
  const mime = tokenizer.fileInfo.mimeType;
  const loader = lib && mime ? lib.factory.findLoaderForContentType(mime) : undefined;
  if (!lib || !loader) return stockParse(tokenizer, options);
  // The steps of ParserFactory.parse for a known parser.
  if (tokenizer.supportsRandomAccess()) await scanAppendingHeaders(tokenizer as IRandomAccessTokenizer, options);
  const metadata = lib.collector(options);
  const Parser = await loader.load();
  await new Parser(metadata, tokenizer, options).parse();
  if (metadata.format.trackInfo) {
    const tracks = metadata.format.trackInfo;
    if (metadata.format.hasAudio === undefined)
      metadata.setFormat(
        'hasAudio',
        tracks.some((t) => t.type === lib.audio),
      );
    if (metadata.format.hasVideo === undefined)
      metadata.setFormat(
        'hasVideo',
        tracks.some((t) => t.type === lib.video),
      );
  }
  return metadata.toCommonMetadata();
};

async function loadInternals(): Promise<Internals | undefined> {
  try {
    const entry = packageEntry();
    if (!entry) return undefined;
    // The copy found on disk must be the one imported here (not a bundled or second copy):
    // the same module, so the same namespace object.
    if ((await import(entry.href)) !== musicMetadata) return undefined;
    const [factoryModule, collectorModule, typeModule] = (await Promise.all([
      import(new URL('./ParserFactory.js', entry).href),
      import(new URL('./common/MetadataCollector.js', entry).href),
      import(new URL('./type.js', entry).href),
    ])) as [
      { ParserFactory?: new () => ParserFactory },
      { MetadataCollector?: new (options: IOptions) => Collector },
      { TrackType?: { audio?: unknown; video?: unknown } },
    ];
    const { ParserFactory } = factoryModule;
    const { MetadataCollector } = collectorModule;
    const trackType = typeModule.TrackType;
    if (!ParserFactory || !MetadataCollector || trackType?.audio === undefined) return undefined;
    const template = new MetadataCollector({}) as unknown as Record<string, unknown>;
    if (Object.keys(template).sort().join(',') !== COLLECTOR_FIELDS) return undefined;
    const prototype = MetadataCollector.prototype as object;
    return {
      factory: new ParserFactory(),
      collector: (options) => {
        // What the constructor builds, with the template's (stateless) tag mapper.
        const fields: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(template)) fields[key] = clonePlain(value);
        fields.tagMapper = template.tagMapper;
        fields.opts = options;
        return Object.assign(Object.create(prototype) as Collector, fields);
      },
      audio: trackType.audio,
      video: trackType.video,
    };
  } catch {
    return undefined;
  }
}

/**
 * music-metadata's entry module, found the way Node resolves the bare name from here (the nearest
 * node_modules folder that has it). Not `import.meta.resolve`: test runners' module loaders lack it.
 */
function packageEntry(): URL | undefined {
  for (const folder of createRequire(import.meta.url).resolve.paths('music-metadata') ?? []) {
    const entry = join(folder, 'music-metadata', 'lib', 'index.js');
    if (existsSync(entry)) return pathToFileURL(entry);
  }
  return undefined;
}

/** A deep copy of plain objects and arrays (the collector's empty tables); other values as they are. */
function clonePlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clonePlain);
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = clonePlain(item);
  return copy;
}
