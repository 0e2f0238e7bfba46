import { useState, type FormEvent, type ReactElement } from 'react';
import type { PlaylistExportResult, PlaylistFormat, PlaylistSource } from '../../../../shared/api/types';
import { exportPlaylists } from '../../api/playlists';
import { Button } from '../../components/Button/Button';
import { Card } from '../../components/Card/Card';
import { Field } from '../../components/Field/Field';
import { Notice } from '../../components/Notice/Notice';
import { PageHeader } from '../../components/PageHeader/PageHeader';
import { useAction } from '../../lib/use-action';
import { useSettings } from '../../stores/settings';
import { DestinationField } from './DestinationField';
import { ExportResultCard } from './ExportResultCard';
import { OptionGroup, type Option } from './OptionGroup';
import { PlaylistPreviewCard } from './PlaylistPreviewCard';
import styles from './PlaylistsView.module.css';

const FORMATS: readonly Option<PlaylistFormat>[] = [
  { value: 'm3u8', label: 'M3U8', hint: 'Works almost everywhere' },
  { value: 'pls', label: 'PLS', hint: 'Older players, Winamp' },
  { value: 'xspf', label: 'XSPF', hint: 'VLC and other XML-aware players' },
];

const SOURCES: readonly Option<PlaylistSource>[] = [
  { value: 'decided', label: 'My decisions', hint: 'Only tracks you reviewed or accepted.' },
  { value: 'predicted', label: 'Predictions', hint: 'Decisions first, then confident predictions.' },
  { value: 'tags', label: 'Current tags', hint: 'The genres already in the files.' },
];

export function PlaylistsView(): ReactElement {
  const settings = useSettings((s) => s.settings);
  const [out, setOut] = useState('');
  const [format, setFormat] = useState<PlaylistFormat>('m3u8');
  const [source, setSource] = useState<PlaylistSource>('decided');
  const [minConfidence, setMinConfidence] = useState<number | null>(null);
  const { busy, error, run } = useAction();
  const [result, setResult] = useState<PlaylistExportResult | null>(null);
  const threshold = minConfidence ?? settings?.reviewThreshold ?? 0.6;

  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!out.trim()) return;
    const exported = await run(async () =>
      setResult(
        await exportPlaylists({
          out: out.trim(),
          format,
          source,
          ...(source === 'predicted' ? { minConfidence: threshold } : {}),
        }),
      ),
    );
    // A failed export leaves no result beside its error: the last one would read as this one's.
    if (!exported) setResult(null);
  }

  return (
    <div className={styles.view}>
      <PageHeader
        title="Playlists"
        description="One playlist per genre, in a folder of your choice. Exporting again updates them and leaves any other files alone."
      />
      <div className={styles.column}>
        <Card title="Export">
          <form className={styles.form} onSubmit={(e) => void onSubmit(e)}>
            <DestinationField value={out} onChange={setOut} />
            <OptionGroup legend="Format" name="format" options={FORMATS} value={format} onChange={setFormat} />
            <OptionGroup
              legend="Which genre each track goes under"
              name="source"
              options={SOURCES}
              value={source}
              onChange={setSource}
            />
            {source === 'predicted' && (
              <Field
                label={`Minimum confidence: ${Math.round(threshold * 100)}%`}
                hint="Predictions below this stay out of the playlists."
              >
                <input
                  type="range"
                  min={0}
                  max={100}
                  step={5}
                  value={Math.round(threshold * 100)}
                  onChange={(e) => setMinConfidence(Number(e.target.value) / 100)}
                  className={styles.range}
                />
              </Field>
            )}
            <div>
              <Button type="submit" variant="primary" icon="playlists" disabled={busy || !out.trim()}>
                {busy ? 'Exporting…' : 'Export playlists'}
              </Button>
            </div>
          </form>
        </Card>

        <PlaylistPreviewCard source={source} minConfidence={source === 'predicted' ? threshold : undefined} />

        {error && (
          <Notice tone="bad" title="The playlists could not be written">
            {error}
          </Notice>
        )}

        {result && <ExportResultCard result={result} />}
      </div>
    </div>
  );
}
