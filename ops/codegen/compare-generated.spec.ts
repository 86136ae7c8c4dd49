import { compareGenerated } from './compare-generated';

describe('compareGenerated', () => {
  const committed: Record<string, string> = {
    'subgraphs/a/src/__generated__/resolvers-types.ts': 'export type A = 1;\n',
    'subgraphs/b/src/__generated__/resolvers-types.ts': 'export type B = 1;\r\n',
    'subgraphs/c/src/__generated__/resolvers-types.ts': 'export type C = 1;\n',
  };
  const read = (file: string): string | undefined => committed[file];

  it('lists generated files that are missing or differ, and ignores line-ending differences', () => {
    const stale = compareGenerated(
      [
        { file: 'subgraphs/a/src/__generated__/resolvers-types.ts', content: 'export type A = 1;\n' },
        { file: 'subgraphs/b/src/__generated__/resolvers-types.ts', content: 'export type B = 1;\n' },
        { file: 'subgraphs/c/src/__generated__/resolvers-types.ts', content: 'export type C = 2;\n' },
        { file: 'subgraphs/d/src/__generated__/resolvers-types.ts', content: 'export type D = 1;\n' },
      ],
      read,
    );
    expect(stale).toEqual([
      { file: 'subgraphs/c/src/__generated__/resolvers-types.ts', reason: 'differs' },
      { file: 'subgraphs/d/src/__generated__/resolvers-types.ts', reason: 'missing' },
    ]);
  });
});
