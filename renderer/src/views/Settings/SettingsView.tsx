import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import type { Settings } from '../../../../shared/api/types';
import { GTZAN_GENRES } from '../../../../shared/genres';
import { Button } from '../../components/Button/Button';
import { Notice } from '../../components/Notice/Notice';
import { PageHeader } from '../../components/PageHeader/PageHeader';
import { useLibrary } from '../../stores/library';
import { useSettings } from '../../stores/settings';
import { AliasesCard } from './AliasesCard';
import { DecodingCard } from './DecodingCard';
import { FoldersCard } from './FoldersCard';
import { GenreNamesCard } from './GenreNamesCard';
import { ModelChoiceCard } from './ModelChoiceCard';
import { ReviewCard } from './ReviewCard';
import { ScanExcludeCard } from './ScanExcludeCard';
import { SaveBar } from './SaveBar';
import { draftChanges, draftFrom, draftProblems, rebaseDraft, type SettingsDraft } from './settings-draft';
import styles from './SettingsView.module.css';

/** The settings form: one draft for every section, saved together. */
function SettingsForm({ saved }: { readonly saved: Settings }): ReactElement {
  const models = useSettings((s) => s.models);
  const save = useSettings((s) => s.save);
  const saving = useSettings((s) => s.saving);
  const saveError = useSettings((s) => s.error);
  const [draft, setDraft] = useState<SettingsDraft>(() => draftFrom(saved));
  const [savedNote, setSavedNote] = useState(false);

  // The stored settings are re-read (on opening, after a learn job): keep what the user typed.
  const base = useRef(saved);
  useEffect(() => {
    const before = base.current;
    base.current = saved;
    if (before !== saved) setDraft((d) => rebaseDraft(d, before, saved));
  }, [saved]);

  const problems = draftProblems(draft);
  const changes = draftChanges(draft, saved);
  const genreIds = useMemo(() => {
    const ids = new Set<string>([...GTZAN_GENRES, ...Object.keys(saved.displayNames)]);
    for (const m of models) for (const g of m.genres) ids.add(g);
    return [...ids];
  }, [models, saved.displayNames]);

  const update = (changes: Partial<SettingsDraft>): void => {
    setSavedNote(false);
    setDraft((d) => ({ ...d, ...changes }));
  };

  async function onSave(): Promise<void> {
    if (problems.length) return;
    if (await save(changes)) setSavedNote(true);
  }

  return (
    <>
      <ScanExcludeCard draft={draft} update={update} />
      <ReviewCard draft={draft} update={update} />
      <ModelChoiceCard draft={draft} update={update} models={models} />
      <GenreNamesCard draft={draft} update={update} genreIds={genreIds} />
      <AliasesCard draft={draft} update={update} genreIds={genreIds} />
      <DecodingCard ffmpegPath={saved.ffmpegPath} />
      <SaveBar
        problem={problems[0]?.message ?? null}
        saveError={saveError}
        savedNote={savedNote}
        changeCount={Object.keys(changes).length}
        saving={saving}
        onDiscard={() => setDraft(draftFrom(saved))}
        onSave={() => void onSave()}
      />
    </>
  );
}

export function SettingsView(): ReactElement {
  const settings = useSettings((s) => s.settings);
  const error = useSettings((s) => s.error);

  useEffect(() => {
    void useSettings.getState().load();
    void useLibrary.getState().refresh();
  }, []);

  return (
    <div className={styles.view}>
      <PageHeader
        title="Settings"
        description="Stored in the library, so the app, the command line and the server all use the same choices."
      />
      <div className={styles.column}>
        <FoldersCard />
        {settings ? (
          <SettingsForm saved={settings} />
        ) : error ? (
          <Notice
            tone="bad"
            title="Settings could not be loaded"
            action={
              <Button size="sm" onClick={() => void useSettings.getState().load()}>
                Retry
              </Button>
            }
          >
            {error}
          </Notice>
        ) : (
          <p className={styles.muted}>Loading settings…</p>
        )}
      </div>
    </div>
  );
}
