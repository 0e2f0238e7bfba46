/** Trimmed, inner whitespace collapsed, Unicode-normalised (NFC): how a spelling is shown. */
export function tidyGenre(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/**
 * The one rule for "these two genre names are the same genre", for names users type and names
 * read from tags alike: Unicode-normalised (NFC), case-folded, and every run of spaces or
 * punctuation read as one space, so "Heavy Metal", "heavy-metal", "heavy_metal" and
 * " HEAVY  METAL " share a key. It only compares: a name is stored and shown as the user spelled
 * it. A name made of punctuation alone ("+/-") keeps its characters, case-folded.
 */
export function genreMatchKey(name: string): string {
  const folded = name.normalize('NFC').toLocaleLowerCase('en');
  const key = folded.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return key !== '' ? key : folded.trim().replace(/\s+/g, ' ');
}

/**
 * The genre id a tag value stands for through the alias table alone, compared by genreMatchKey
 * ("heavy-metal" is the alias "heavy metal"); undefined when no alias names it. The core also
 * tries display names after it (genreIdForTag); the UI asks only this.
 */
export function aliasTarget(tag: string, aliases: Readonly<Record<string, string>>): string | undefined {
  const key = genreMatchKey(tag);
  for (const [alias, id] of Object.entries(aliases)) {
    if (genreMatchKey(alias) === key) return id;
  }
  return undefined;
}
