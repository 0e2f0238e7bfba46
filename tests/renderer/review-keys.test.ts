import { describe, expect, it } from 'vitest';
import { GTZAN_GENRES } from '../../shared/genres';
import { focusOwnsKey, isTypingTarget, keyForGenreIndex, reviewKeyAction } from '../../renderer/src/lib/review-keys';

describe('review keyboard', () => {
  it('maps 1–9 then 0 onto the model’s genres in order', () => {
    expect(reviewKeyAction({ key: '1' }, GTZAN_GENRES)).toEqual({
      type: 'decide',
      decision: { action: 'choose', genre: 'blues' },
    });
    expect(reviewKeyAction({ key: '5' }, GTZAN_GENRES)).toEqual({
      type: 'decide',
      decision: { action: 'choose', genre: 'hiphop' },
    });
    expect(reviewKeyAction({ key: '9' }, GTZAN_GENRES)).toEqual({
      type: 'decide',
      decision: { action: 'choose', genre: 'reggae' },
    });
    expect(reviewKeyAction({ key: '0' }, GTZAN_GENRES)).toEqual({
      type: 'decide',
      decision: { action: 'choose', genre: 'rock' },
    });
    GTZAN_GENRES.forEach((g, i) =>
      expect(reviewKeyAction({ key: keyForGenreIndex(i) ?? '' }, GTZAN_GENRES)).toMatchObject({
        decision: { genre: g },
      }),
    );
  });

  it('ignores number keys past a personal model’s genres', () => {
    const mine = ['Synthwave', 'Bossa Nova', 'Soundtrack'];
    expect(reviewKeyAction({ key: '3' }, mine)).toMatchObject({ decision: { genre: 'Soundtrack' } });
    expect(reviewKeyAction({ key: '4' }, mine)).toBeNull();
    expect(reviewKeyAction({ key: '0' }, mine)).toBeNull();
    expect(keyForGenreIndex(10)).toBeNull();
  });

  it('maps Enter, K, S, arrows and Space', () => {
    expect(reviewKeyAction({ key: 'Enter' }, [])).toEqual({ type: 'decide', decision: { action: 'accept' } });
    expect(reviewKeyAction({ key: 'k' }, [])).toEqual({ type: 'decide', decision: { action: 'keep' } });
    expect(reviewKeyAction({ key: 'K' }, [])).toEqual({ type: 'decide', decision: { action: 'keep' } });
    expect(reviewKeyAction({ key: 's' }, [])).toEqual({ type: 'decide', decision: { action: 'skip' } });
    expect(reviewKeyAction({ key: 'ArrowRight' }, [])).toEqual({ type: 'move', delta: 1 });
    expect(reviewKeyAction({ key: 'ArrowLeft' }, [])).toEqual({ type: 'move', delta: -1 });
    expect(reviewKeyAction({ key: ' ' }, [])).toEqual({ type: 'toggle-play' });
    expect(reviewKeyAction({ key: 'x' }, [])).toBeNull();
  });

  it('leaves shortcuts with modifiers to the browser', () => {
    expect(reviewKeyAction({ key: 's', ctrlKey: true }, [])).toBeNull();
    expect(reviewKeyAction({ key: '1', metaKey: true }, GTZAN_GENRES)).toBeNull();
    expect(reviewKeyAction({ key: 'Enter', altKey: true }, [])).toBeNull();
  });

  it('recognises text fields, where keys must type', () => {
    const input = (type: string): EventTarget =>
      ({ tagName: 'INPUT', type, isContentEditable: false }) as unknown as EventTarget;
    expect(isTypingTarget(input('text'))).toBe(true);
    expect(isTypingTarget(input('number'))).toBe(true);
    expect(isTypingTarget(input('checkbox'))).toBe(false);
    expect(isTypingTarget({ tagName: 'TEXTAREA', isContentEditable: false } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: 'BUTTON', isContentEditable: false } as unknown as EventTarget)).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });

  it('leaves Enter and Space to a focused button, link or bar, and arrows to sliders', () => {
    const el = (tagName: string, attrs: Record<string, string> = {}, type = ''): EventTarget =>
      ({
        tagName,
        type,
        isContentEditable: false,
        getAttribute: (n: string) => attrs[n] ?? null,
        hasAttribute: (n: string) => n in attrs,
      }) as unknown as EventTarget;
    expect(focusOwnsKey(el('BUTTON'), 'Enter')).toBe(true);
    expect(focusOwnsKey(el('BUTTON'), ' ')).toBe(true);
    expect(focusOwnsKey(el('BUTTON'), 's')).toBe(false);
    expect(focusOwnsKey(el('A', { href: '#x' }), 'Enter')).toBe(true);
    expect(focusOwnsKey(el('DIV', { role: 'button' }), 'Enter')).toBe(true);
    expect(focusOwnsKey(el('INPUT', {}, 'range'), 'ArrowLeft')).toBe(true);
    expect(focusOwnsKey(el('INPUT', {}, 'text'), 'k')).toBe(true);
    expect(focusOwnsKey(el('DIV'), 'Enter')).toBe(false);
    expect(focusOwnsKey(null, 'Enter')).toBe(false);
  });
});
