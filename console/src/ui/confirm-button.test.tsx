import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ConfirmButton } from './confirm-button';

describe('ConfirmButton', () => {
  it('asks before acting, focuses Cancel, and acts on confirmation', async () => {
    const onConfirm = vi.fn();
    render(<ConfirmButton label="Delete" question="Delete Shop?" confirmLabel="Delete Shop" onConfirm={onConfirm} danger />);
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(screen.getByRole('alertdialog', { name: 'Delete Shop?' })).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));
    expect(onConfirm).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Delete Shop' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });

  it('cancels with Escape without acting', async () => {
    const onConfirm = vi.fn();
    render(<ConfirmButton label="Stop" question="Stop it?" confirmLabel="Stop now" onConfirm={onConfirm} />);
    await userEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(onConfirm).not.toHaveBeenCalled();
  });
});
