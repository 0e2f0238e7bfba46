import { useState, type ReactElement } from 'react';
import { Button } from '../../components/Button/Button';
import { Card } from '../../components/Card/Card';
import type { SectionProps } from './section-props';
import styles from './SettingsView.module.css';

/** How genre tags already in the files count as genres: an explicit table, nothing guessed. */
export function AliasesCard({
  draft,
  update,
  genreIds,
}: SectionProps & { readonly genreIds: readonly string[] }): ReactElement {
  const [nextKey, setNextKey] = useState(10_000);
  return (
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
  );
}
