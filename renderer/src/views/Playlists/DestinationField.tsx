import { useState, type ReactElement } from 'react';
import { transport } from '../../api/transport';
import { Button } from '../../components/Button/Button';
import { FolderBrowser } from '../../components/FolderBrowser/FolderBrowser';
import styles from './PlaylistsView.module.css';

interface DestinationFieldProps {
  readonly value: string;
  readonly onChange: (folder: string) => void;
}

/**
 * Where the playlists go: typed, or chosen with the desktop's folder dialog, or (in a browser,
 * which cannot show the server's folders) with the in-page folder browser.
 */
export function DestinationField({ value, onChange }: DestinationFieldProps): ReactElement {
  const { pickFolder } = transport();
  const [browsing, setBrowsing] = useState(false);
  return (
    <div className={styles.field}>
      <label htmlFor="playlist-out" className={styles.legend}>
        Destination folder
      </label>
      <div className={styles.folderRow}>
        <input
          id="playlist-out"
          type="text"
          className={styles.folder}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder="/home/you/Music/Playlists"
          spellCheck={false}
          aria-describedby="playlist-out-hint"
        />
        {pickFolder ? (
          <Button
            icon="folder"
            onClick={() =>
              void pickFolder().then((p) => {
                if (p) onChange(p);
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
      </div>
      {browsing && (
        <FolderBrowser
          chooseLabel="Use this folder"
          onCancel={() => setBrowsing(false)}
          onChoose={(folder) => {
            setBrowsing(false);
            onChange(folder);
          }}
        />
      )}
      <p id="playlist-out-hint" className={styles.hint}>
        Created if it does not exist. A name without a full path goes in your library folder. Paths inside the playlists
        are relative to it where possible.
      </p>
    </div>
  );
}
