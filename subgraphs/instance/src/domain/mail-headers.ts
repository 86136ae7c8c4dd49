/** The header block of a message: everything before the first empty line. */
function headerBlock(message: string): string {
  const end = message.search(/\r?\n\r?\n/);
  return end < 0 ? message : message.slice(0, end);
}

/** One RFC 2047 encoded word (`=?utf-8?B?...?=`, `=?iso-8859-1?Q?...?=`) decoded; unknown charsets as latin1. */
function decodeWord(charset: string, encoding: string, text: string): string {
  const bytes =
    encoding.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          'latin1',
        );
  return /^utf-?8$/i.test(charset) ? bytes.toString('utf8') : bytes.toString('latin1');
}

/**
 * The Subject of a message (unfolded, encoded words decoded), or '' when it has none. Only
 * the header block is read: enough to list a caught mail.
 */
export function subjectOf(message: string): string {
  const unfolded = headerBlock(message).replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded.split(/\r?\n/).find((header) => /^subject[ \t]*:/i.test(header));
  if (!line) return '';
  const value = line.slice(line.indexOf(':') + 1).trim();
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_match, charset: string, encoding: string, text: string) => decodeWord(charset, encoding, text))
    .slice(0, 1000);
}
