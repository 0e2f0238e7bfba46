import type { ReactElement } from 'react';
import styles from './ReviewView.module.css';

/** The review screen's keyboard shortcuts, always in view. */
export function ShortcutKeys(): ReactElement {
  return (
    <footer className={styles.keys} aria-label="Keyboard shortcuts">
      <span>
        <kbd>1</kbd>–<kbd>9</kbd> <kbd>0</kbd> choose genre
      </span>
      <span>
        <kbd>Enter</kbd> accept prediction
      </span>
      <span>
        <kbd>K</kbd> keep tag
      </span>
      <span>
        <kbd>S</kbd> skip
      </span>
      <span>
        <kbd>←</kbd> <kbd>→</kbd> move
      </span>
      <span>
        <kbd>Space</kbd> play / pause
      </span>
    </footer>
  );
}
