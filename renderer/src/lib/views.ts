/** The app's screens, as named in the URL hash (`#/review`). No imports: the boot script uses it. */
const VIEWS = ['welcome', 'library', 'overview', 'review', 'write', 'playlists', 'settings', 'errors'] as const;
export type View = (typeof VIEWS)[number];

function isView(value: string): value is View {
  return (VIEWS as readonly string[]).includes(value);
}

/** '#/review' → 'review'; anything else → null. */
export function viewFromHash(hash: string): View | null {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return isView(name) ? name : null;
}

/** Whether a page opened at `hash` starts on the library table (most starts do). */
export function opensOnLibrary(hash: string): boolean {
  const view = viewFromHash(hash);
  return view === null || view === 'library';
}
