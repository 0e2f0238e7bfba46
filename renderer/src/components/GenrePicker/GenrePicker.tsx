import { useId, useState, type ReactElement } from 'react';
import { labelProblem, MAX_LABEL } from '../../../../shared/api/text-rules';
import { matchingSuggestions } from '../../lib/genre-suggestions';
import { Button } from '../Button/Button';
import styles from './GenrePicker.module.css';

export interface GenrePickerProps {
  /** Genres to complete from (display names and tag values); any other name may be typed too. */
  readonly suggestions: readonly string[];
  readonly onChoose: (genre: string) => void;
  readonly disabled?: boolean;
  readonly label?: string;
  readonly submitLabel?: string;
}

/**
 * Any genre by name: a text field that completes from the user's genres and tags (a native
 * datalist, so the keyboard and screen readers work as everywhere else) and a button to set it.
 */
export function GenrePicker({
  suggestions,
  onChoose,
  disabled = false,
  label = 'Genre',
  submitLabel = 'Set genre',
}: GenrePickerProps): ReactElement {
  const [value, setValue] = useState('');
  const listId = useId();
  const inputId = useId();
  const typed = value.trim();
  // Checked here with the API's own rule, so a name it would refuse is explained, not sent.
  const problem = typed ? labelProblem(typed) : null;
  const problemId = useId();
  return (
    <form
      className={styles.picker}
      onSubmit={(e) => {
        e.preventDefault();
        if (!typed || problem || disabled) return;
        onChoose(typed);
        setValue('');
      }}
    >
      <label htmlFor={inputId} className={styles.label}>
        {label}
      </label>
      <div className={styles.row}>
        <input
          id={inputId}
          className={styles.input}
          list={listId}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder="Type or pick a genre"
          autoComplete="off"
          maxLength={MAX_LABEL}
          disabled={disabled}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? problemId : undefined}
        />
        <datalist id={listId}>
          {matchingSuggestions(suggestions, value, 50).map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <Button type="submit" size="sm" disabled={disabled || !typed || problem !== null}>
          {submitLabel}
        </Button>
      </div>
      {problem && (
        <p id={problemId} className={styles.problem} role="alert">
          This genre name {problem}.
        </p>
      )}
    </form>
  );
}
