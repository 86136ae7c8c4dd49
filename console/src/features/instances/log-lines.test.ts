import { describe, expect, it } from 'vitest';
import { appendLogLine, logStreamClass } from './log-lines';

const line = (text: string) => ({ at: '2026-12-04T00:00:00Z', stream: 'stdout', line: text });

describe('log lines', () => {
  it('keeps the newest lines only', () => {
    let lines = [line('a'), line('b')];
    lines = appendLogLine(lines, line('c'), 2);
    expect(lines.map((item) => item.line)).toEqual(['b', 'c']);
  });

  it('names a class per stream, stdout for an unknown one', () => {
    expect(logStreamClass('stderr')).toBe('log-stderr');
    expect(logStreamClass('platform')).toBe('log-platform');
    expect(logStreamClass('weird')).toBe('log-stdout');
  });
});
