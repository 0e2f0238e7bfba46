import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface WindowState {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
  readonly maximized: boolean;
}

export interface Area {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false };
const MIN_WIDTH = 720;
const MIN_HEIGHT = 480;

export function readWindowState(file: string): WindowState {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<WindowState>;
    if (typeof raw.width !== 'number' || typeof raw.height !== 'number') return DEFAULT_WINDOW_STATE;
    return {
      ...(typeof raw.x === 'number' && { x: raw.x }),
      ...(typeof raw.y === 'number' && { y: raw.y }),
      width: Math.max(MIN_WIDTH, raw.width),
      height: Math.max(MIN_HEIGHT, raw.height),
      maximized: raw.maximized === true,
    };
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
}

export function writeWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(state));
}

/**
 * Keeps a remembered window reachable: a position saved on a monitor that is gone now (a laptop
 * off its dock) is dropped so the window opens centred, and the size is shrunk to fit.
 */
export function fitToDisplays(state: WindowState, workAreas: readonly Area[]): WindowState {
  const primary = workAreas[0];
  if (!primary) return state;
  const width = Math.min(state.width, primary.width);
  const height = Math.min(state.height, primary.height);
  if (state.x === undefined || state.y === undefined)
    return { ...state, width, height, x: undefined, y: undefined } as WindowState;
  const { x, y } = state;
  const visible = workAreas.some(
    (a) => x + 100 <= a.x + a.width && x + width - 100 >= a.x && y >= a.y && y + 40 <= a.y + a.height,
  );
  return visible ? { ...state, width, height } : { width, height, maximized: state.maximized };
}
