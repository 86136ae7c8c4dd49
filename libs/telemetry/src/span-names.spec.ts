import { dockerApiRoute, dockerSpanName, pathOf, redactStatement } from './span-names';

describe('span names', () => {
  it('turns Docker Engine paths into routes without ids, names or versions', () => {
    expect(dockerApiRoute('/v1.41/containers/saas-t1-abc/json?size=1')).toBe('/containers/{id}/json');
    expect(dockerApiRoute('/containers/create?name=saas-x')).toBe('/containers/create');
    expect(dockerApiRoute('/containers/json?all=true&filters=%7B%7D')).toBe('/containers/json');
    expect(dockerApiRoute('/volumes/saas-vol-1')).toBe('/volumes/{id}');
    expect(dockerApiRoute('/volumes/create')).toBe('/volumes/create');
    expect(dockerApiRoute('/images/library/odoo:17.0/json')).toBe('/images/{name}/json');
    expect(dockerApiRoute('/images/create?fromImage=odoo&tag=17.0')).toBe('/images/create');
    expect(dockerApiRoute('/_ping')).toBe('/_ping');
    expect(dockerSpanName('POST', '/v1.43/containers/abc/start')).toBe('docker POST /containers/{id}/start');
  });

  it('drops the query string of HTTP paths', () => {
    expect(pathOf('/graphql?query=secret')).toBe('/graphql');
    expect(pathOf('http://127.0.0.1:4005/graphql?x=1')).toBe('/graphql');
    expect(pathOf(undefined)).toBe('/');
  });

  it('redacts statements that carry a password', () => {
    expect(redactStatement("create role r login password 'SCRAM-SHA-256$...'")).toMatch(/redacted/);
    expect(redactStatement('select 1')).toBeUndefined();
  });
});
