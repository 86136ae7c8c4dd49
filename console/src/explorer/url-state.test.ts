import { describe, expect, it } from 'vitest';
import { operationFromUrl } from './url-state';

describe('operation from the explorer URL', () => {
  it('reads query and variables', () => {
    expect(operationFromUrl('?query=%7B+plans+%7B+code+%7D+%7D&variables=%7B%7D')).toEqual({ query: '{ plans { code } }', variables: '{}' });
  });

  it('ignores headers and empty values', () => {
    expect(operationFromUrl('?headers=%7B%22Authorization%22%3A%22Bearer+x%22%7D&query=')).toEqual({});
  });
});
