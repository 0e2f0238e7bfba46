import { labelProblem } from '../../../../shared/api/text-rules';
import { genreMatchKey } from '../../../../shared/genre-key';
import type { Settings, SettingsPatch } from '../../../../shared/api/types';

/** One editable alias row; rows keep their identity while the user types in them. */
export interface AliasRow {
  readonly key: number;
  readonly alias: string;
  readonly genre: string;
}

export interface SettingsDraft {
  readonly displayNames: Readonly<Record<string, string>>;
  readonly aliases: readonly AliasRow[];
  /** Percent, as typed. */
  readonly reviewThreshold: number;
  readonly acceptThreshold: number;
  readonly defaultModel: string;
  readonly personalModel: string | null;
  /** The scan's exclusions, one pattern a line, as typed. */
  readonly scanExclude: string;
}

/** The patterns in the exclusions box: one a line, trimmed, blank lines dropped. */
export function excludePatterns(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export function draftFrom(settings: Settings): SettingsDraft {
  return {
    displayNames: settings.displayNames,
    aliases: Object.entries(settings.aliases)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([alias, genre], key) => ({ key, alias, genre })),
    reviewThreshold: Math.round(settings.reviewThreshold * 100),
    acceptThreshold: Math.round(settings.acceptThreshold * 100),
    defaultModel: settings.defaultModel,
    personalModel: settings.personalModel,
    scanExclude: settings.scanExclude.join('\n'),
  };
}

/**
 * The draft after the stored settings changed from `before` to `after` (re-read on opening the
 * screen, after a learn job, after a save): fields the user edited keep what they typed, the
 * others take the new stored value.
 */
export function rebaseDraft(draft: SettingsDraft, before: Settings, after: Settings): SettingsDraft {
  const base = draftFrom(before);
  const next = draftFrom(after);
  const pick = <K extends keyof SettingsDraft>(key: K): SettingsDraft[K] =>
    JSON.stringify(draft[key]) === JSON.stringify(base[key]) ? next[key] : draft[key];
  return {
    displayNames: pick('displayNames'),
    aliases: pick('aliases'),
    reviewThreshold: pick('reviewThreshold'),
    acceptThreshold: pick('acceptThreshold'),
    defaultModel: pick('defaultModel'),
    personalModel: pick('personalModel'),
    scanExclude: pick('scanExclude'),
  };
}

export interface DraftProblem {
  readonly field: string;
  readonly message: string;
}

/** What is wrong with the draft, in words; an empty list means it can be saved. */
export function draftProblems(draft: SettingsDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  for (const [id, name] of Object.entries(draft.displayNames)) {
    // The API's own rule (length, no control characters), so the save is not refused.
    const problem = labelProblem(name.trim());
    if (problem) problems.push({ field: `name-${id}`, message: `The display name of “${id}” ${problem}.` });
  }
  const seen = new Set<string>();
  for (const row of draft.aliases) {
    const alias = row.alias.trim().toLowerCase();
    if (!alias)
      problems.push({
        field: `alias-${row.key}`,
        message: 'An alias is empty: type the tag spelling or remove the row.',
      });
    else if (labelProblem(alias))
      problems.push({ field: `alias-${row.key}`, message: `The alias “${row.alias.trim()}” ${labelProblem(alias)}.` });
    // Twice by the rule tags are matched with ("hip-hop" is "hip hop"), not by spelling alone.
    else if (seen.has(genreMatchKey(alias)))
      problems.push({ field: `alias-${row.key}`, message: `“${row.alias.trim()}” is listed twice.` });
    seen.add(genreMatchKey(alias));
    if (!row.genre)
      problems.push({ field: `alias-${row.key}`, message: `Choose the genre “${row.alias.trim()}” stands for.` });
  }
  for (const [field, value] of [
    ['reviewThreshold', draft.reviewThreshold],
    ['acceptThreshold', draft.acceptThreshold],
  ] as const) {
    if (!Number.isFinite(value) || value < 0 || value > 100)
      problems.push({ field, message: 'Thresholds are percentages from 0 to 100.' });
  }
  if (!draft.defaultModel.trim()) problems.push({ field: 'defaultModel', message: 'Choose a default model.' });
  const badPattern = excludePatterns(draft.scanExclude).find((p) => labelProblem(p));
  if (badPattern !== undefined)
    problems.push({
      field: 'scanExclude',
      message: `The exclusion “${badPattern.slice(0, 40)}” ${labelProblem(badPattern)}.`,
    });
  return problems;
}

/**
 * Only the settings that differ from what is stored, ready for settings.update. The ffmpeg
 * program is not among them: only the command line or the app's file dialog chooses it.
 */
export function draftChanges(draft: SettingsDraft, saved: Settings): SettingsPatch {
  const changes: { -readonly [K in keyof SettingsPatch]?: SettingsPatch[K] } = {};
  const names = Object.fromEntries(Object.entries(draft.displayNames).map(([k, v]) => [k, v.trim()]));
  if (JSON.stringify(names) !== JSON.stringify(saved.displayNames)) changes.displayNames = names;
  const aliases = Object.fromEntries(draft.aliases.map((r) => [r.alias.trim().toLowerCase(), r.genre]));
  const savedAliases = Object.fromEntries(Object.entries(saved.aliases).map(([k, v]) => [k.toLowerCase(), v]));
  const sortedJson = (o: Record<string, string>): string =>
    JSON.stringify(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  if (sortedJson(aliases) !== sortedJson(savedAliases)) changes.aliases = aliases;
  // Compared in whole percent, as shown: an untouched 0.655 must not count as a change to 0.66.
  if (draft.reviewThreshold !== Math.round(saved.reviewThreshold * 100))
    changes.reviewThreshold = draft.reviewThreshold / 100;
  if (draft.acceptThreshold !== Math.round(saved.acceptThreshold * 100))
    changes.acceptThreshold = draft.acceptThreshold / 100;
  if (draft.defaultModel.trim() !== saved.defaultModel) changes.defaultModel = draft.defaultModel.trim();
  if (draft.personalModel !== saved.personalModel) changes.personalModel = draft.personalModel;
  const exclude = excludePatterns(draft.scanExclude);
  if (JSON.stringify(exclude) !== JSON.stringify(saved.scanExclude)) changes.scanExclude = exclude;
  return changes;
}
