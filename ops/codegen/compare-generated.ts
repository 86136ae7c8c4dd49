export interface GeneratedFile {
  /** Path relative to the repository root. */
  file: string;
  content: string;
}

export interface StaleFile {
  file: string;
  reason: 'missing' | 'differs';
}

/** The generated files whose committed version is missing or not what codegen produces now. */
export function compareGenerated(regenerated: readonly GeneratedFile[], readCommitted: (file: string) => string | undefined): StaleFile[] {
  return regenerated.flatMap((generated): StaleFile[] => {
    const committed = readCommitted(generated.file);
    if (committed === undefined) return [{ file: generated.file, reason: 'missing' }];
    return normaliseNewlines(committed) === normaliseNewlines(generated.content) ? [] : [{ file: generated.file, reason: 'differs' }];
  });
}

/** A checkout with CRLF line endings is not stale. */
function normaliseNewlines(text: string): string {
  return text.replace(/\r\n/g, '\n');
}
