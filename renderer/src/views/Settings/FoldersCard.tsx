import { useState, type ReactElement } from 'react';
import { transport } from '../../api/transport';
import { Button } from '../../components/Button/Button';
import { Card } from '../../components/Card/Card';
import { FolderBrowser } from '../../components/FolderBrowser/FolderBrowser';
import { Notice } from '../../components/Notice/Notice';
import { formatCount, formatWhen } from '../../lib/format';
import { useAction } from '../../lib/use-action';
import { useLibrary } from '../../stores/library';
import styles from './SettingsView.module.css';

/** The library's folders: add (dialog, browser or path), rescan, remove with a confirmation. */
export function FoldersCard(): ReactElement {
  const roots = useLibrary((s) => s.roots);
  const addFolder = useLibrary((s) => s.addFolder);
  const removeFolder = useLibrary((s) => s.removeFolder);
  const scanAndAnalyse = useLibrary((s) => s.scanAndAnalyse);
  const { pickFolder } = transport();
  const [path, setPath] = useState('');
  const [browsing, setBrowsing] = useState(false);
  const { error, run } = useAction();
  const [confirming, setConfirming] = useState<number | null>(null);

  async function add(folder: string): Promise<void> {
    await run(async () => {
      await addFolder(folder);
      setPath('');
    });
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
