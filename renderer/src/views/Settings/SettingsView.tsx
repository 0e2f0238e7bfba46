import { useEffect, useMemo, useState, type ReactElement } from 'react';
import type { LearningReadiness, Settings } from '../../../../shared/api/types';
import { GTZAN_GENRES } from '../../../../shared/genres';
import { transport } from '../../api/transport';
import { Button } from '../../components/Button/Button';
import { Card } from '../../components/Card/Card';
import { Field } from '../../components/Field/Field';
import { FolderBrowser } from '../../components/FolderBrowser/FolderBrowser';
import { Notice } from '../../components/Notice/Notice';
import { PageHeader } from '../../components/PageHeader/PageHeader';
import { messageOf } from '../../lib/errors';
import { formatCount, formatWhen } from '../../lib/format';
import { useLibrary } from '../../stores/library';
import { useSettings } from '../../stores/settings';
import { learningReadiness, startLearning } from '../../api/jobs';
import { useJobs } from '../../stores/jobs';
import { draftChanges, draftFrom, draftProblems, type SettingsDraft } from './settings-draft';
import styles from './SettingsView.module.css';

const BUILT_IN = [
  { value: 'svc', label: 'Support vector machine (recommended)' },
  { value: 'knn', label: 'Nearest neighbours' },
];

function Folders(): ReactElement {
  const roots = useLibrary((s) => s.roots);
  const addFolder = useLibrary((s) => s.addFolder);
  const removeFolder = useLibrary((s) => s.removeFolder);
  const scanAndAnalyse = useLibrary((s) => s.scanAndAnalyse);
  const { pickFolder } = transport();
  const [path, setPath] = useState('');
  const [browsing, setBrowsing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);

  async function add(folder: string): Promise<void> {
    setError(null);
    try {
      await addFolder(folder);
      setPath('');
    } catch (err) {
      setError(messageOf(err));
    }
  }

  return (
    <Card
      title="Library folders"
      subtitle="Genrewise reads these folders and everything under them. Removing one forgets its tracks; the files stay where they are."
      actions={
        roots.length > 0 ? (
          <Button size="sm" icon="refresh" onClick={() => void scanAndAnalyse()}>
            Scan all
          </Button>
        ) : undefined
      }
      flush
    >
      {roots.length > 0 && (
        <ul className={styles.roots}>
          {roots.map((r) => (
            <li key={r.id} className={styles.root}>
              <div className={styles.rootText}>
                <code className={styles.rootPath}>{r.path}</code>
                <span className={styles.muted}>
                  {formatCount(r.trackCount)} tracks ·{' '}
                  {r.lastScanAt ? `scanned ${formatWhen(r.lastScanAt)}` : 'not scanned yet'}
                </span>
              </div>
              {confirming === r.id ? (
                <span className={styles.confirm}>
                  Forget {formatCount(r.trackCount)} tracks and their decisions?
                  <Button
                    size="sm"
                    variant="danger"
                    onClick={() => void removeFolder(r.id).then(() => setConfirming(null))}
                  >
                    Remove
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => setConfirming(null)}>
                    Cancel
                  </Button>
                </span>
              ) : (
                <span className={styles.rootActions}>
                  <Button size="sm" onClick={() => void scanAndAnalyse([r.id])}>
                    Scan
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    icon="trash"
                    aria-label={`Remove ${r.path}`}
                    title="Remove from the library"
                    onClick={() => setConfirming(r.id)}
                  />
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <form
        className={styles.addRoot}
        onSubmit={(e) => {
          e.preventDefault();
          if (path.trim()) void add(path);
        }}
      >
        <input
          type="text"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          placeholder="/path/to/more/music"
          aria-label="Folder to add"
          className={styles.mono}
          spellCheck={false}
        />
        <Button type="submit" icon="plus" disabled={!path.trim()}>
          Add folder
        </Button>
        {pickFolder ? (
          <Button
            icon="folder"
            onClick={() =>
              void pickFolder().then((p) => {
                if (p) void add(p);
              })
            }
          >
            Choose…
          </Button>
        ) : (
          <Button icon="folder" onClick={() => setBrowsing((b) => !b)} aria-expanded={browsing}>
            Browse…
          </Button>
        )}
      </form>
      {browsing && (
        <div className={styles.cardNotice}>
          <FolderBrowser
            chooseLabel="Add this folder"
            onCancel={() => setBrowsing(false)}
            onChoose={(folder) => {
              setBrowsing(false);
              void add(folder);
            }}
          />
        </div>
      )}
      {error && (
        <Notice tone="bad" className={styles.cardNotice}>
          {error}
        </Notice>
      )}
    </Card>
  );
}

function SettingsForm({ saved }: { readonly saved: Settings }): ReactElement {
  const models = useSettings((s) => s.models);
  const save = useSettings((s) => s.save);
  const saving = useSettings((s) => s.saving);
  const saveError = useSettings((s) => s.error);
  const [draft, setDraft] = useState<SettingsDraft>(() => draftFrom(saved));
  const [savedNote, setSavedNote] = useState(false);
  const [nextKey, setNextKey] = useState(10_000);

  useEffect(() => setDraft(draftFrom(saved)), [saved]);

  const { pickFfmpeg } = transport();
  const [ffmpegNote, setFfmpegNote] = useState<string | null>(null);
  async function chooseFfmpeg(): Promise<void> {
    const choice = await pickFfmpeg?.();
    if (!choice) return;
    if ('error' in choice) setFfmpegNote(choice.error);
    else {
      setFfmpegNote(`Using ${choice.version}.`);
      void useSettings.getState().load();
    }
  }

  const problems = draftProblems(draft);
  const changes = draftChanges(draft, saved);
  const dirty = Object.keys(changes).length > 0;
  const personal = models.filter((m) => m.role === 'personal');
  const genreIds = useMemo(() => {
    const ids = new Set<string>([...GTZAN_GENRES, ...Object.keys(saved.displayNames)]);
    for (const m of models) for (const g of m.genres) ids.add(g);
    return [...ids];
  }, [models, saved.displayNames]);
  const isBuiltIn = BUILT_IN.some((b) => b.value === draft.defaultModel);

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
      <Card title="Review" subtitle="When a prediction needs you, and what bulk accept takes by default.">
        <div className={styles.twoCols}>
          <Field label="Review tracks below (%)" hint="Predictions less confident than this go to the review queue.">
            <input
              type="number"
              min={0}
              max={100}
              value={draft.reviewThreshold}
              onChange={(e) => update({ reviewThreshold: Number(e.target.value) })}
              className={styles.number}
            />
          </Field>
          <Field label="Bulk accept from (%)" hint="The default for “Accept every prediction at …” in Review.">
            <input
              type="number"
              min={0}
              max={100}
              value={draft.acceptThreshold}
              onChange={(e) => update({ acceptThreshold: Number(e.target.value) })}
              className={styles.number}
            />
          </Field>
        </div>
      </Card>

      <Card
        title="Model"
        subtitle={
          <>
            Which model predicts genres. Your own model, learnt from your decisions, answers first where it is
            confident.
          </>
        }
      >
        <div className={styles.twoCols}>
          <Field
            label="Default model"
            hint={
              isBuiltIn
                ? 'Trained on GTZAN; ships with Genrewise.'
                : 'Path of a .onnx model with its .card.json beside it.'
            }
          >
            <select
              value={isBuiltIn ? draft.defaultModel : 'file'}
              onChange={(e) => update({ defaultModel: e.target.value === 'file' ? '' : e.target.value })}
            >
              {BUILT_IN.map((b) => (
                <option key={b.value} value={b.value}>
                  {b.label}
                </option>
              ))}
              <option value="file">A model file…</option>
            </select>
          </Field>
          <Field
            label="Your model"
            hint={
              personal.length ? (
                'Trained on your decisions and tags.'
              ) : (
                <>None trained yet: decide some tracks in Review, then learn from them below.</>
              )
            }
          >
            <select
              value={draft.personalModel ?? ''}
              onChange={(e) => update({ personalModel: e.target.value || null })}
              disabled={personal.length === 0 && draft.personalModel === null}
            >
              <option value="">Don’t use one</option>
              {personal.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.id} · {m.genres.length} genres
                  {m.cvAccuracy !== null ? ` · ${Math.round(m.cvAccuracy * 100)}% accurate` : ''}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <LearnRow />
        {!isBuiltIn && (
          <Field label="Model file" className={styles.spaced}>
            <input
              type="text"
              value={draft.defaultModel}
              onChange={(e) => update({ defaultModel: e.target.value })}
              placeholder="/path/to/model.onnx"
              className={styles.mono}
              spellCheck={false}
            />
          </Field>
        )}
      </Card>

      <Card title="Genre names" subtitle="The name written into files and shown everywhere, per genre.">
        <div className={styles.names}>
          {genreIds.map((id) => (
            <Field key={id} label={id}>
              <input
                type="text"
                value={draft.displayNames[id] ?? ''}
                placeholder={id}
                onChange={(e) => update({ displayNames: { ...draft.displayNames, [id]: e.target.value } })}
              />
            </Field>
          ))}
        </div>
      </Card>

      <Card
        title="Aliases"
        subtitle="How genre tags already in your files count as our genres. Only these spellings match (case does not matter) — nothing is guessed."
        actions={
          <Button
            size="sm"
            icon="plus"
            onClick={() => {
              update({ aliases: [...draft.aliases, { key: nextKey, alias: '', genre: '' }] });
              setNextKey((k) => k + 1);
            }}
          >
            Add alias
          </Button>
        }
        flush
      >
        <table className={styles.aliases}>
          <thead>
            <tr>
              <th scope="col">Tag in the file</th>
              <th scope="col">Counts as</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {draft.aliases.map((row) => (
              <tr key={row.key}>
                <td>
                  <input
                    type="text"
                    value={row.alias}
                    aria-label="Tag spelling"
                    onChange={(e) =>
                      update({
                        aliases: draft.aliases.map((r) => (r.key === row.key ? { ...r, alias: e.target.value } : r)),
                      })
                    }
                  />
                </td>
                <td>
                  <select
                    aria-label={`Genre for ${row.alias || 'new alias'}`}
                    value={row.genre}
                    onChange={(e) =>
                      update({
                        aliases: draft.aliases.map((r) => (r.key === row.key ? { ...r, genre: e.target.value } : r)),
                      })
                    }
                  >
                    <option value="">Choose…</option>
                    {genreIds.map((id) => (
                      <option key={id} value={id}>
                        {draft.displayNames[id] || id}
                      </option>
                    ))}
                  </select>
                </td>
                <td className={styles.removeCell}>
                  <Button
                    size="sm"
                    variant="ghost"
                    icon="trash"
                    aria-label={`Remove alias ${row.alias}`}
                    onClick={() => update({ aliases: draft.aliases.filter((r) => r.key !== row.key) })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>

      <Card
        title="Audio decoding"
        subtitle="Genrewise ships its own ffmpeg. Point to another one only if a format fails to decode."
      >
        <Field
          label="ffmpeg program"
          hint={
            ffmpegNote ??
            (pickFfmpeg
              ? 'Choose… opens a file dialog; the program must answer like an ffmpeg.'
              : 'Chosen only on the command line (genrewise serve --ffmpeg PATH), so no web page can pick a program to run.')
          }
        >
          <input
            type="text"
            value={saved.ffmpegPath ?? ''}
            readOnly
            placeholder="Bundled ffmpeg"
            className={styles.mono}
            spellCheck={false}
          />
        </Field>
        {pickFfmpeg && (
          <Button size="sm" onClick={() => void chooseFfmpeg()}>
            Choose…
          </Button>
        )}
      </Card>

      {(dirty || savedNote || saveError) && (
        <div className={styles.saveBar} role="region" aria-label="Save settings">
          {problems.length > 0 ? (
            <span className={styles.problem} role="alert">
              {problems[0]?.message}
            </span>
          ) : saveError ? (
            <span className={styles.problem} role="alert">
              {saveError}
            </span>
          ) : savedNote && !dirty ? (
            <span className={styles.saved} role="status">
              Saved.
            </span>
          ) : (
            <span className={styles.muted}>
              {dirty
                ? `${Object.keys(changes).length} unsaved change${Object.keys(changes).length === 1 ? '' : 's'}`
                : 'All changes saved'}
            </span>
          )}
          <Button variant="ghost" onClick={() => setDraft(draftFrom(saved))} disabled={!dirty || saving}>
            Discard
          </Button>
          <Button variant="primary" onClick={() => void onSave()} disabled={!dirty || saving || problems.length > 0}>
            {saving ? 'Saving…' : 'Save changes'}
          </Button>
        </div>
      )}
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
        <Folders />
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

/**
 * Trains a personal model from the review decisions (and, if wanted, the files' own genre tags),
 * in the user's own genre names; the job's progress shows in the bar above every screen.
 */
function LearnRow(): ReactElement {
  const [fromTags, setFromTags] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [readiness, setReadiness] = useState<LearningReadiness | null>(null);
  const decisions = useLibrary((s) => s.stats);
  const running = useJobs((s) =>
    Object.values(s.jobs).some((j) => j.kind === 'learn' && (j.state === 'running' || j.state === 'queued')),
  );
  const last = useJobs((s) =>
    Object.values(s.jobs)
      .filter((j) => j.kind === 'learn' && !s.dismissed[j.id])
      .at(-1),
  );
  useEffect(() => {
    let live = true;
    learningReadiness({ fromTags })
      .then((r) => live && setReadiness(r))
      .catch(() => live && setReadiness(null));
    return () => {
      live = false;
    };
  }, [fromTags, decisions]);
  async function learn(): Promise<void> {
    setError(null);
    try {
      await startLearning({ fromTags });
    } catch (err) {
      setError(messageOf(err));
    }
  }
  const blocked = readiness !== null && !readiness.ready;
  return (
    <div className={styles.learn}>
      <label className={styles.learnCheck}>
        <input type="checkbox" checked={fromTags} onChange={(e) => setFromTags(e.target.checked)} />
        Also learn from the genre tags already in my files (the first value of each)
      </label>
      <Button
        icon="refresh"
        onClick={() => void learn()}
        disabled={running || blocked}
        aria-describedby={blocked ? 'learn-not-ready' : undefined}
      >
        {running ? 'Learning…' : 'Learn from my library'}
      </Button>
      {blocked && readiness.reason && (
        <p id="learn-not-ready" className={styles.muted}>
          {readiness.reason}
        </p>
      )}
      {error && <Notice tone="bad">{error}</Notice>}
      {!error && last?.state === 'failed' && last.message && (
        <Notice
          tone="bad"
          action={
            <Button size="sm" variant="ghost" onClick={() => useJobs.getState().dismiss(last.id)}>
              Dismiss
            </Button>
          }
        >
          {last.message}
        </Notice>
      )}
      {!error && last?.state === 'done' && last.message && <Notice tone="good">Learnt a {last.message}.</Notice>}
    </div>
  );
}
