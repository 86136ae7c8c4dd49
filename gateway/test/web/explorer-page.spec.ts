import { wantsHtml } from '../../src/web/explorer-page';

describe('browser navigation vs API request', () => {
  it('is a browser when text/html comes before JSON', () => {
    expect(wantsHtml('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe(true);
    expect(wantsHtml('text/html')).toBe(true);
  });

  it('is an API client otherwise', () => {
    expect(wantsHtml(undefined)).toBe(false);
    expect(wantsHtml('application/json')).toBe(false);
    expect(wantsHtml('application/graphql-response+json, application/json;q=0.9')).toBe(false);
    expect(wantsHtml('application/json, text/html')).toBe(false);
    expect(wantsHtml('*/*')).toBe(false);
  });
});
