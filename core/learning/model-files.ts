import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import { loadGenreModel, type LoadModelOptions } from '../model/genre-model.js';
import { registerModel } from '../prediction/models.js';
import { serializePersonalCard, type PersonalModelCard } from './personal-card.js';

/**
 * Personal models live beside the library they were learned from, as files like the default
 * models (`<library folder>/models/<id>.onnx` + `<id>.card.json`), and are listed in the library's
 * `models` table with role 'personal'. Writing goes through a temporary name and a rename, so a
 * reader never sees half a model.
 */

export class ModelStorageError extends Error {
  override name = 'ModelStorageError';
}

export function personalModelsDir(db: Database): string {
  if (db.memory || db.name === '' || db.name === ':memory:') {
    throw new ModelStorageError('personal models are stored beside the library file; this library is in memory');
  }
  return join(dirname(resolve(db.name)), 'models');
}

export interface SavedModel {
  readonly id: string;
  readonly onnxPath: string;
  readonly cardPath: string;
}

async function writeAtomically(path: string, data: Uint8Array | string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}

/**
 * Writes the model and its card, loads them back through the same checks every model passes
 * (card against extractor, ONNX metadata against card), and registers the model.
 */
export async function savePersonalModel(
  db: Database,
  model: { readonly onnxBytes: Uint8Array; readonly card: PersonalModelCard },
  options: LoadModelOptions = {},
): Promise<SavedModel> {
  const dir = personalModelsDir(db);
  const { id } = model.card;
  const onnxPath = join(dir, `${id}.onnx`);
  const cardPath = join(dir, `${id}.card.json`);
  try {
    await mkdir(dir, { recursive: true });
    await writeAtomically(onnxPath, model.onnxBytes);
    await writeAtomically(cardPath, serializePersonalCard(model.card));
  } catch (err) {
    throw new ModelStorageError(`cannot write the personal model to ${dir}: ${(err as Error).message}`);
  }
  const loaded = await loadGenreModel(onnxPath, options);
  registerModel(db, loaded, 'personal');
  return { id, onnxPath, cardPath };
}
