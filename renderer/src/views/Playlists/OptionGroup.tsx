import type { ReactElement } from 'react';
import styles from './PlaylistsView.module.css';

export interface Option<T extends string> {
  readonly value: T;
  readonly label: string;
  readonly hint: string;
}

interface OptionGroupProps<T extends string> {
  readonly legend: string;
  /** The radio buttons' group name. */
  readonly name: string;
  readonly options: readonly Option<T>[];
  readonly value: T;
  readonly onChange: (value: T) => void;
}

/** A set of radio buttons drawn as cards, each with a title and a hint. */
export function OptionGroup<T extends string>({
  legend,
  name,
  options,
  value,
  onChange,
}: OptionGroupProps<T>): ReactElement {
  return (
    <fieldset className={styles.group}>
      <legend className={styles.legend}>{legend}</legend>
      <div className={styles.options}>
        {options.map((o) => (
          <label key={o.value} className={`${styles.option} ${value === o.value ? styles.on : ''}`}>
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
            />
            <span>
              <span className={styles.optionTitle}>{o.label}</span>
              <span className={styles.optionHint}>{o.hint}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
