import { demuxLogs, lastErrorLine } from './logs';

const frame = (stream: 1 | 2, text: string) => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

describe('container logs', () => {
  it('joins the frames of stdout and stderr', () => {
    expect(demuxLogs(Buffer.concat([frame(1, 'starting\n'), frame(2, 'ERROR cannot connect\n')]))).toBe('starting\nERROR cannot connect\n');
  });

  it('passes through logs that are not multiplexed (TTY containers)', () => {
    expect(demuxLogs(Buffer.from('plain text output\n'))).toBe('plain text output\n');
  });

  it('picks the last error line, or else the last line', () => {
    expect(lastErrorLine('a\n2026 ERROR db: cannot connect\nb')).toBe('2026 ERROR db: cannot connect');
    expect(lastErrorLine('a\nb')).toBe('b');
  });
});
