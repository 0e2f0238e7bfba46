// @vitest-environment jsdom
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CoverArt } from '../../renderer/src/components/CoverArt/CoverArt';
import { clearCovers } from '../../renderer/src/lib/cover-cache';
import { installFakeClient } from './fake-client';
import { flush } from './fixtures';

describe('cover art in the UI', () => {
  afterEach(() => {
    cleanup();
    clearCovers();
  });

  it('asks for a track’s cover once and shows it wherever the track is', async () => {
    const client = installFakeClient().handle('tracks.cover', ({ id }) => ({
      dataUrl: id === 7 ? 'data:image/png;base64,AAAA' : null,
    }));
    const { container } = render(
      <>
        <CoverArt trackId={7} size={26} />
        <CoverArt trackId={7} size={72} />
        <CoverArt trackId={8} size={26} />
      </>,
    );
    await act(async () => {
      await flush();
    });
    const images = container.querySelectorAll('img');
    expect([...images].map((i) => i.getAttribute('src'))).toEqual([
      'data:image/png;base64,AAAA',
      'data:image/png;base64,AAAA',
    ]);
    expect(client.callsOf('tracks.cover')).toEqual([{ id: 7 }, { id: 8 }]);
  });

  // The library table reuses a row's elements for the row that scrolls in next; the cover's element
  // goes with it. Until the new track's cover is known, the previous track's must not show.
  it('reused for another track, shows no cover of the previous one while the new one loads', async () => {
    let answer8: (value: { dataUrl: string | null }) => void = () => undefined;
    installFakeClient().handle('tracks.cover', ({ id }) =>
      id === 7
        ? { dataUrl: 'data:image/png;base64,AAAA' }
        : new Promise<{ dataUrl: string | null }>((resolve) => (answer8 = resolve)),
    );
    const { container, rerender } = render(<CoverArt trackId={7} size={26} />);
    await act(async () => {
      await flush();
    });
    const element = container.firstElementChild;
    expect(container.querySelector('img')?.getAttribute('src')).toBe('data:image/png;base64,AAAA');
    rerender(<CoverArt trackId={8} size={26} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.firstElementChild).toBe(element);
    await act(async () => {
      answer8({ dataUrl: 'data:image/png;base64,BBBB' });
      await flush();
    });
    expect(container.querySelector('img')?.getAttribute('src')).toBe('data:image/png;base64,BBBB');
  });
});
