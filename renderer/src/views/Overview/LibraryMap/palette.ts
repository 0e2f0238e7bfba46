/** Point colours by genre: distinct on light and dark backgrounds; genres past the palette repeat it. */
export const GENRE_COLOURS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#8cd17d',
  '#499894',
  '#d37295',
] as const;

/** Tracks without a genre yet. */
export const NO_GENRE_COLOUR = '#9aa3b2';

export function genreColour(index: number): string {
  return index < 0 ? NO_GENRE_COLOUR : (GENRE_COLOURS[index % GENRE_COLOURS.length] as string);
}
