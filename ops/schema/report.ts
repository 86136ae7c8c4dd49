/** A box-drawn table like the one `rover subgraph check` prints. */
export function renderTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (left: string, middle: string, right: string): string => left + widths.map((width) => '─'.repeat(width + 2)).join(middle) + right;
  const row = (cells: string[]): string => '│' + widths.map((width, column) => ` ${(cells[column] ?? '').padEnd(width)} `).join('│') + '│';
  return [line('┌', '┬', '┐'), row(headers), line('├', '┼', '┤'), ...rows.map(row), line('└', '┴', '┘')].join('\n');
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
