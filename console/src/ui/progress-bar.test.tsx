import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ProgressBar } from './progress-bar';

describe('ProgressBar', () => {
  it('exposes its value and step to assistive technology, clamped to 0..100', () => {
    const { rerender } = render(<ProgressBar value={35} label="Create progress" message="Initialising database" />);
    const bar = screen.getByRole('progressbar', { name: 'Create progress' });
    expect(bar.getAttribute('aria-valuenow')).toBe('35');
    expect(bar.getAttribute('aria-valuetext')).toBe('35%: Initialising database');
    rerender(<ProgressBar value={140} label="Create progress" />);
    expect(bar.getAttribute('aria-valuenow')).toBe('100');
  });
});
