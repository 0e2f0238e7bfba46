import { useState, type ReactElement } from 'react';
import { transport } from '../../api/transport';
import { Button } from '../../components/Button/Button';
import { Card } from '../../components/Card/Card';
import { Field } from '../../components/Field/Field';
import { useSettings } from '../../stores/settings';
import styles from './SettingsView.module.css';

/**
 * The ffmpeg that decodes audio. Shown read-only: a program to run is chosen only in the
 * desktop app's file dialog or on the command line, never by a web page.
 */
export function DecodingCard({ ffmpegPath }: { readonly ffmpegPath: string | null }): ReactElement {
  const { pickFfmpeg } = transport();
  const [ffmpegNote, setFfmpegNote] = useState<string | null>(null);
  async function chooseFfmpeg(): Promise<void> {
    const choice = await pickFfmpeg?.();
    if (!choice) return;
    if ('error' in choice) setFfmpegNote(choice.error);
    else {
      setFfmpegNote(`Using ${choice.version}.`);
      void useSettings.getState().load();
    }
  }
  return (
    <Card
      title="Audio decoding"
      subtitle="Genrewise ships its own ffmpeg. Point to another one only if a format fails to decode."
    >
      <Field
        label="ffmpeg program"
        hint={
          ffmpegNote ??
          (pickFfmpeg
            ? 'Choose… opens a file dialog; the program must answer like an ffmpeg.'
            : 'Chosen only on the command line (genrewise serve --ffmpeg PATH), so no web page can pick a program to run.')
        }
      >
        <input
          type="text"
          value={ffmpegPath ?? ''}
          readOnly
          placeholder="Bundled ffmpeg"
          className={styles.mono}
          spellCheck={false}
        />
      </Field>
      {pickFfmpeg && (
        <Button size="sm" onClick={() => void chooseFfmpeg()}>
          Choose…
        </Button>
      )}
    </Card>
  );
}
