/** The ten GTZAN genre ids, in the order the default models were trained on them alphabetically. */
export const GTZAN_GENRES = [
  'blues',
  'classical',
  'country',
  'disco',
  'hiphop',
  'jazz',
  'metal',
  'pop',
  'reggae',
  'rock',
] as const;

export type GtzanGenre = (typeof GTZAN_GENRES)[number];

/** Names written into files and shown in the UI; users may override them in settings. */
export const DEFAULT_DISPLAY_NAMES: Readonly<Record<GtzanGenre, string>> = {
  blues: 'Blues',
  classical: 'Classical',
  country: 'Country',
  disco: 'Disco',
  hiphop: 'Hip-Hop',
  jazz: 'Jazz',
  metal: 'Metal',
  pop: 'Pop',
  reggae: 'Reggae',
  rock: 'Rock',
};

export function isGtzanGenre(value: string): value is GtzanGenre {
  return (GTZAN_GENRES as readonly string[]).includes(value);
}
