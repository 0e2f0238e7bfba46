import { act } from '@testing-library/react';
import { flush } from './fixtures';

/**
 * Lets a rendered screen finish what it started: waits `ms` (debounced searches, timers), then
 * runs pending fake API answers, all inside act() so React applies the updates they cause.
 */
export async function settle(ms = 0): Promise<void> {
  await act(async () => {
    if (ms) await new Promise((r) => setTimeout(r, ms));
    await flush();
  });
}
