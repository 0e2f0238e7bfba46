import { useState, type DragEvent, type FormEvent, type ReactElement } from 'react';
import { transport } from '../../api/transport';
import { Button } from '../../components/Button/Button';
import { FolderBrowser } from '../../components/FolderBrowser/FolderBrowser';
import { Icon } from '../../components/Icon/Icon';
import styles from './FirstRunView.module.css';

interface FolderDropProps {
  readonly busy: boolean;
  /** Adds the folder and starts its scan; resolves true when it was added. */
  readonly onAdd: (folder: string) => Promise<boolean>;
  readonly onError: (message: string) => void;
}

/**
 * The first folder in: the desktop's folder dialog, or a dropped folder; in a browser, which can
 * neither show the server's folders nor say where a dropped one is, a typed path or the in-page
 * folder browser.
 */
export function FolderDrop({ busy, onAdd, onError }: FolderDropProps): ReactElement {
  const { pickFolder, pathForFile } = transport();
  const [dragging, setDragging] = useState(false);
  const [path, setPath] = useState('');

  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (path.trim() && (await onAdd(path))) setPath('');
  }

  function onDrop(e: DragEvent): void {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (!file) return;
    const dropped = pathForFile?.(file) ?? '';
    if (dropped) void onAdd(dropped);
    else onError('The browser does not tell web pages where a dropped folder is. Type or paste its path instead.');
  }

  async function onPick(): Promise<void> {
    const folder = await pickFolder?.();
    if (folder) await onAdd(folder);
  }

  return (
    <form
      className={`${styles.drop} ${dragging ? styles.dragging : ''}`}
      onSubmit={(e) => void onSubmit(e)}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <Icon name="folder" size={28} className={styles.dropIcon} />
      {pickFolder ? (
        <>
          <Button variant="primary" size="lg" icon="folder" onClick={() => void onPick()} disabled={busy}>
            Choose music folder…
          </Button>
          <p className={styles.dropHint}>or drop a folder here</p>
        </>
      ) : (
        <TypedFolder path={path} onPath={setPath} busy={busy} onAdd={onAdd} />
      )}
    </form>
  );
}

interface TypedFolderProps extends Pick<FolderDropProps, 'busy' | 'onAdd'> {
  readonly path: string;
  readonly onPath: (path: string) => void;
}

/** A path typed or pasted (the form submits it), or picked in the folder browser. */
function TypedFolder({ path, onPath, busy, onAdd }: TypedFolderProps): ReactElement {
  const [browsing, setBrowsing] = useState(false);
  return (
    <>
      <label htmlFor="music-folder" className={styles.label}>
        Music folder on the computer running Genrewise
      </label>
      <div className={styles.row}>
        <input
          id="music-folder"
          type="text"
          className={styles.input}
          placeholder="/home/you/Music"
          value={path}
          onChange={(e) => onPath(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          autoFocus
        />
        <Button type="submit" variant="primary" size="lg" disabled={busy || !path.trim()}>
          {busy ? 'Adding…' : 'Add and scan'}
        </Button>
      </div>
      {browsing ? (
        <FolderBrowser
          chooseLabel="Add and scan this folder"
          onCancel={() => setBrowsing(false)}
          onChoose={(folder) => {
            setBrowsing(false);
            void onAdd(folder);
          }}
        />
      ) : (
        <p className={styles.dropHint}>
          Paste the full path, or{' '}
          <button type="button" className={styles.linkButton} onClick={() => setBrowsing(true)}>
            browse the folders
          </button>
          . Sub-folders are included.
        </p>
      )}
    </>
  );
}
