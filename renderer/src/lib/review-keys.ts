import type { DecisionInput } from '../../../shared/api/types';

export type ReviewAction =
  | { readonly type: 'decide'; readonly decision: DecisionInput }
  | { readonly type: 'move'; readonly delta: 1 | -1 }
  | { readonly type: 'toggle-play' };

export interface ReviewKeyEvent {
  readonly key: string;
  readonly ctrlKey?: boolean;
  readonly metaKey?: boolean;
  readonly altKey?: boolean;
}

/**
 * The review keyboard: 1–9 then 0 choose the model's genres in its output order (so the same
 * key always means the same genre), Enter accepts the prediction, K keeps the file's tag,
 * S skips, ←/→ move without deciding, Space plays or pauses the preview.
 * Keys with Ctrl/Cmd/Alt are left to the browser (copy, reload, …).
 */
export function reviewKeyAction(event: ReviewKeyEvent, genres: readonly string[]): ReviewAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const { key } = event;
  if (/^[0-9]$/.test(key)) {
    const index = key === '0' ? 9 : Number(key) - 1;
    const genre = genres[index];
    return genre === undefined ? null : { type: 'decide', decision: { action: 'choose', genre } };
  }
  switch (key) {
    case 'Enter':
      return { type: 'decide', decision: { action: 'accept' } };
    case 'k':
    case 'K':
      return { type: 'decide', decision: { action: 'keep' } };
    case 's':
    case 'S':
      return { type: 'decide', decision: { action: 'skip' } };
    case 'ArrowRight':
      return { type: 'move', delta: 1 };
    case 'ArrowLeft':
      return { type: 'move', delta: -1 };
    case ' ':
      return { type: 'toggle-play' };
    default:
      return null;
  }
}

/** The key that chooses the genre at `index` (in the model's order), or null past the tenth. */
export function keyForGenreIndex(index: number): string | null {
  if (index < 0 || index > 9) return null;
  return index === 9 ? '0' : String(index + 1);
}

const ACTIVATING_ROLES = new Set([
  'button',
  'link',
  'checkbox',
  'radio',
  'switch',
  'tab',
  'menuitem',
  'option',
  'row',
  'gridcell',
]);

/**
 * True when the focused element does its own thing with this key, so a review shortcut must not
 * fire: text fields keep every key, a focused button, link, genre bar or other control keeps
 * Enter and Space (it activates itself), and sliders, selects and radios keep the arrows.
 * Letter and number shortcuts still work with a button focused (clicking one leaves it focused).
 */
export function focusOwnsKey(target: EventTarget | null, key: string): boolean {
  if (isTypingTarget(target)) return true;
  if (!target || typeof (target as HTMLElement).tagName !== 'string') return false;
  const el = target as HTMLElement;
  const tag = el.tagName;
  const role = el.getAttribute?.('role') ?? '';
  const activates =
    tag === 'BUTTON' ||
    tag === 'SUMMARY' ||
    tag === 'AUDIO' ||
    tag === 'VIDEO' ||
    (tag === 'A' && el.hasAttribute?.('href')) ||
    tag === 'INPUT' ||
    ACTIVATING_ROLES.has(role);
  if (activates && (key === 'Enter' || key === ' ')) return true;
  const usesArrows =
    (tag === 'INPUT' && ['range', 'radio'].includes((el as HTMLInputElement).type)) ||
    ['slider', 'radio', 'tab', 'option', 'row', 'gridcell', 'listbox', 'grid'].includes(role);
  return usesArrows && key.startsWith('Arrow');
}

/** True when a key press belongs to a text field, so shortcuts must not fire. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as HTMLElement).tagName !== 'string') return false;
  const el = target as HTMLElement;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || el.isContentEditable) return true;
  if (tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (el as HTMLInputElement).type;
    return !['button', 'checkbox', 'radio', 'range', 'submit', 'reset'].includes(type);
  }
  return false;
}
