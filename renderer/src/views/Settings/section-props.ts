import type { SettingsDraft } from './settings-draft';

/** What every section of the settings form gets: the draft and a way to change it. */
export interface SectionProps {
  readonly draft: SettingsDraft;
  readonly update: (changes: Partial<SettingsDraft>) => void;
}
