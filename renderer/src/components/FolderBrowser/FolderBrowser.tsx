import { useEffect, useState, type ReactElement } from 'react';
import type { FolderListing } from '../../../../shared/api/types';
import { listFolders } from '../../api/library';
import { messageOf } from '../../lib/errors';
import { Button } from '../Button/Button';
import { Icon } from '../Icon/Icon';
import styles from './FolderBrowser.module.css';

/**
 * Choosing a folder on the computer running `genrewise serve` from a browser, which has no
 * dialog for that: the server lists folders in the home folder and on mounted drives, one level
 * at a time, and the user opens folders until the right one is shown, then chooses it.
 */
export function FolderBrowser({
  onChoose,
  onCancel,
  chooseLabel = 'Choose this folder',
}: {
  readonly onChoose: (path: string) => void;
  readonly onCancel: () => void;
  readonly chooseLabel?: string;
}): ReactElement {
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [error, setError] = useState<string | null>(null);

  const open = (path?: string): void => {
    setError(null);
    listFolders(path)
      .then(setListing)
      .catch((err: unknown) => setError(messageOf(err)));
  };
  useEffect(() => open(), []);

  return (
    <div className={styles.browser} role="dialog" aria-label="Choose a folder">
      <div className={styles.head}>
        {listing?.path ? (
          <Button
            size="sm"
            variant="ghost"
            icon="left"
            aria-label="Up one folder"
            onClick={() => open(listing.parent ?? undefined)}
          />
        ) : null}
        <code className={styles.where}>{listing?.path ?? 'Your home folder and drives'}</code>
      </div>
      {error && (
        <p className={styles.error} role="alert">
          {error}
        </p>
      )}
      <ul className={styles.list} aria-label="Folders">
        {listing?.folders.length === 0 && <li className={styles.empty}>No folders in here.</li>}
        {listing?.folders.map((f) => (
          <li key={f.path}>
            <button type="button" className={styles.folder} onClick={() => open(f.path)}>
              <Icon name="folder" size={16} />
              <span>{f.name}</span>
            </button>
          </li>
        ))}
      </ul>
      <div className={styles.actions}>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button variant="primary" disabled={!listing?.path} onClick={() => listing?.path && onChoose(listing.path)}>
          {chooseLabel}
        </Button>
      </div>
    </div>
  );
}
