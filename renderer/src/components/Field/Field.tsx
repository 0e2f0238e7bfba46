import { cloneElement, isValidElement, useId, type ReactElement, type ReactNode } from 'react';
import styles from './Field.module.css';

export interface FieldProps {
  readonly label: string;
  readonly hint?: ReactNode;
  /** One form control; it receives the id the label points at. */
  readonly children: ReactElement<{ id?: string; 'aria-describedby'?: string }>;
  readonly className?: string;
}

/** A labelled form control with an optional hint, wired for screen readers. */
export function Field({ label, hint, children, className }: FieldProps): ReactElement {
  const id = useId();
  const hintId = `${id}-hint`;
  const control = isValidElement(children)
    ? cloneElement(children, { id, ...(hint ? { 'aria-describedby': hintId } : {}) })
    : children;
  return (
    <div className={`${styles.field} ${className ?? ''}`}>
      <label htmlFor={id} className={styles.label}>
        {label}
      </label>
      {control}
      {hint && (
        <div id={hintId} className={styles.hint}>
          {hint}
        </div>
      )}
    </div>
  );
}
