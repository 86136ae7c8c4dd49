import { describe, expect, it } from 'vitest';
import { DEFAULT_HEADERS, effectiveHeaders } from './headers';

describe('explorer headers', () => {
  it('starts with an Authorization: Bearer placeholder', () => {
    expect(JSON.parse(DEFAULT_HEADERS)).toEqual({ Authorization: 'Bearer ' });
  });

  it('drops the placeholder so anonymous operations work unedited', () => {
    expect(effectiveHeaders({ Authorization: 'Bearer ' })).toEqual({});
    expect(effectiveHeaders({ authorization: '  bearer' })).toEqual({});
  });

  it('keeps a real token and other headers, and ignores values that are not strings', () => {
    expect(effectiveHeaders({ Authorization: 'Bearer abc.def', 'x-trace': '1', n: 3 })).toEqual({ Authorization: 'Bearer abc.def', 'x-trace': '1' });
    expect(effectiveHeaders(undefined)).toEqual({});
  });
});
