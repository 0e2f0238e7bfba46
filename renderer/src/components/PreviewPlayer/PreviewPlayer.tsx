import { useCallback, useEffect, useImperativeHandle, useRef, useState, type ReactElement, type Ref } from 'react';
import { formatDuration } from '../../lib/format';
import { Icon } from '../Icon/Icon';
import styles from './PreviewPlayer.module.css';

export interface PreviewPlayerHandle {
  toggle(): void;
}

export interface PreviewPlayerProps {
  /** Stream URL (Range requests); null when the track cannot be played. */
  readonly url: string | null;
  /** The stretch to play (the analysed window): play starts here and stops at its end. */
  readonly startSec: number;
  readonly durationSec: number;
  /** True when the stretch is the whole track from its start (no analysed window to play), not what the model heard. */
  readonly whole?: boolean;
  readonly ref?: Ref<PreviewPlayerHandle>;
}

/**
 * Plays exactly the stretch of audio the model heard, so the user judges the same music the
 * prediction came from (or, where there is no analysed window to play, the track from its start).
 * Space in the review screen toggles it through the handle.
 */
export function PreviewPlayer({ url, startSec, durationSec, whole = false, ref }: PreviewPlayerProps): ReactElement {
  const audio = useRef<HTMLAudioElement>(null);
  const [playing, setPlaying] = useState(false);
  const [position, setPosition] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const end = startSec + durationSec;

  useEffect(() => {
    setPlaying(false);
    setPosition(0);
    setError(null);
  }, [url, startSec]);

  const toggle = useCallback(() => {
    const el = audio.current;
    if (!el || !url) return;
    if (!el.paused) {
      el.pause();
      return;
    }
    if (el.currentTime < startSec || el.currentTime >= end - 0.05) el.currentTime = startSec;
    el.play().catch((err: unknown) => {
      if ((err as Error).name !== 'AbortError') setError('This audio format cannot be played here.');
    });
  }, [url, startSec, end]);

  useImperativeHandle(ref, () => ({ toggle }), [toggle]);

  const onTime = (): void => {
    const el = audio.current;
    if (!el) return;
    if (el.currentTime >= end) {
      el.pause();
      el.currentTime = startSec;
      setPosition(0);
      return;
    }
    setPosition(Math.max(0, el.currentTime - startSec));
  };

  const fraction = durationSec > 0 ? Math.min(1, position / durationSec) : 0;
  const label = playing ? 'Pause preview' : 'Play preview';

  return (
    <div className={styles.player}>
      <button
        type="button"
        className={styles.play}
        onClick={toggle}
        disabled={!url || error !== null}
        aria-label={label}
        title={`${label} (Space)`}
      >
        <Icon name={playing ? 'pause' : 'play'} size={18} />
      </button>
      <div className={styles.body}>
        <div className={styles.track} aria-hidden="true">
          <div className={styles.fill} style={{ width: `${fraction * 100}%` }} />
        </div>
        <div className={styles.meta}>
          {error ?? (url ? caption(startSec, end, whole) : 'No preview for this file')}
          <span className={styles.time}>
            {formatDuration(position)} / {formatDuration(durationSec)}
          </span>
        </div>
      </div>
      {url && (
        <audio
          ref={audio}
          src={url}
          preload="none"
          onPlay={() => setPlaying(true)}
          onPause={() => setPlaying(false)}
          onEnded={() => setPlaying(false)}
          onTimeUpdate={onTime}
          onError={() => setError('This audio format cannot be played here.')}
        />
      )}
    </div>
  );
}

function caption(startSec: number, end: number, whole: boolean): string {
  return whole ? 'Whole track' : `Analysed part: ${formatDuration(startSec)}–${formatDuration(end)}`;
}
