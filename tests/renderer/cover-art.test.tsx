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
});
