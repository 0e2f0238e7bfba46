// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { GenrePicker } from '../../renderer/src/components/GenrePicker/GenrePicker';

describe('genre picker', () => {
  afterEach(cleanup);

  it('explains a name the API would refuse instead of sending it', () => {
    const chosen: string[] = [];
    render(<GenrePicker suggestions={['Dub']} onChoose={(g) => chosen.push(g)} />);
    const input = screen.getByLabelText('Genre');
    const button = screen.getByRole('button', { name: 'Set genre' });

    fireEvent.change(input, { target: { value: 'Dub\tStep' } });
    expect(screen.getByRole('alert').textContent).toMatch(/control character/);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect((button as HTMLButtonElement).disabled).toBe(true);
    fireEvent.submit(input.closest('form')!);
    expect(chosen).toEqual([]);

    fireEvent.change(input, { target: { value: ' Dub Step ' } });
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.submit(input.closest('form')!);
    expect(chosen).toEqual(['Dub Step']);
  });
});
