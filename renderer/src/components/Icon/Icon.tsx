import type { ReactElement } from 'react';

/** Stroke icons drawn on a 24×24 grid; kept in code so the UI needs no icon font or network. */
const PATHS = {
  library: 'M9 6h12M9 12h12M9 18h12M4 6h.01M4 12h.01M4 18h.01',
  overview: 'M4 20h16M7 16v-5M12 16V5M17 16v-8',
  review: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM8.5 12.5l2.5 2.5 4.5-5',
  write: 'M3.5 12.5V4.5a1 1 0 0 1 1-1h8l8.5 8.5-9 9zM8 8h.01',
  playlists: 'M3 6h12M3 11h12M3 16h7M16 18.5a2.5 2.5 0 1 1-5 0 2.5 2.5 0 0 1 5 0zM16 18.5V8l5-1.5',
  settings: 'M4 6h8M16 6h4M4 12h2M10 12h10M4 18h10M18 18h2M14 4v4M8 10v4M16 16v4',
  errors: 'M12 3.5 2.5 20h19zM12 10v4.5M12 17.5h.01',
  folder: 'M3 7.5a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v7.5a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z',
  play: 'M8 5v14l11-7z',
  pause: 'M8 5h3v14H8zM13 5h3v14h-3z',
  left: 'M15 18l-6-6 6-6',
  right: 'M9 6l6 6-6 6',
  undo: 'M9 14 4 9l5-5M4 9h10.5a5.5 5.5 0 0 1 0 11H11',
  close: 'M18 6 6 18M6 6l12 12',
  search: 'M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM20.5 20.5l-4.5-4.5',
  check: 'M5 12.5l4.5 4.5L19 7.5',
  refresh: 'M20 12a8 8 0 1 1-2.4-5.7L20 8.5M20 4v4.5h-4.5',
  info: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 16v-4.5M12 8h.01',
  plus: 'M12 5v14M5 12h14',
  trash: 'M4 7h16M10 11v6M14 11v6M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12M9 7V4h6v3',
  wave: 'M4 10v4M8 7v10M12 4v16M16 8v8M20 11v2',
  skip: 'M5 5l9 7-9 7zM18 5v14',
  keep: 'M5 12.5l4.5 4.5L19 7.5',
} as const;

export type IconName = keyof typeof PATHS;

const FILLED: ReadonlySet<IconName> = new Set<IconName>(['play', 'pause', 'skip']);

export interface IconProps {
  readonly name: IconName;
  readonly size?: number;
  readonly className?: string;
  /** When set the icon is announced; otherwise it is decoration next to a text label. */
  readonly label?: string;
}

export function Icon({ name, size = 18, className, label }: IconProps): ReactElement {
  const filled = FILLED.has(name);
  return (
    <svg
      className={className}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill={filled ? 'currentColor' : 'none'}
      stroke={filled ? 'none' : 'currentColor'}
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
