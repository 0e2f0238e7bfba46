import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseFile } from 'music-metadata';

export interface CoverArt {
  readonly mime: string;
  readonly data: Uint8Array;
  /** Where it came from: the file's own tags, or an image beside it. */
  readonly source: 'embedded' | 'folder';
}

/** Pictures larger than this are not sent to the UI (a scan of a booklet, not a cover). */
export const MAX_COVER_BYTES = 4 * 1024 * 1024;

/** Image files a folder's cover goes by, in order of preference (matched case-insensitively). */
const FOLDER_COVERS = ['cover', 'folder', 'front', 'album'];
const IMAGE_TYPES: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
};

function isImageMime(mime: string | undefined): mime is string {
  return mime !== undefined && /^image\/(jpeg|png|webp|gif)$/.test(mime);
}

/** The picture in the file's tags (front cover first), if any. */
async function embeddedCover(file: string): Promise<CoverArt | null> {
  const meta = await parseFile(file, { duration: false, skipCovers: false }).catch(() => null);
  const pictures = meta?.common.picture ?? [];
  const picture = pictures.find((p) => /front/i.test(p.type ?? '')) ?? pictures[0];
  if (!picture || !isImageMime(picture.format) || picture.data.length > MAX_COVER_BYTES) return null;
  return { mime: picture.format, data: picture.data, source: 'embedded' };
}

/** cover.jpg, folder.jpg, front.png, … beside the file. */
async function folderCover(file: string): Promise<CoverArt | null> {
  const dir = path.dirname(file);
  const names = await readdir(dir).catch(() => [] as string[]);
  const candidates = names
    .map((name) => ({
      name,
      base: path.parse(name).name.toLowerCase(),
      mime: IMAGE_TYPES[path.extname(name).toLowerCase()],
    }))
    .filter(
      (c): c is { name: string; base: string; mime: string } => c.mime !== undefined && FOLDER_COVERS.includes(c.base),
    )
    .sort((a, b) => FOLDER_COVERS.indexOf(a.base) - FOLDER_COVERS.indexOf(b.base));
  for (const c of candidates) {
    const full = path.join(dir, c.name);
    const info = await stat(full).catch(() => undefined);
    if (!info?.isFile() || info.size > MAX_COVER_BYTES) continue;
    return { mime: c.mime, data: await readFile(full), source: 'folder' };
  }
  return null;
}

/** A track's cover: the picture embedded in the file, else an image file in its folder, else null. */
export async function findCoverArt(file: string): Promise<CoverArt | null> {
  return (await embeddedCover(file)) ?? (await folderCover(file));
}
