import { federationVersionMismatch, installedCompositionVersion, readSupergraphConfig } from './supergraph-config';

describe('federation_version of rover.yaml', () => {
  it('accepts an exact pin of the installed composition, or its major version', () => {
    expect(federationVersionMismatch('=2.14.4', '2.14.4')).toBeNull();
    expect(federationVersionMismatch('2', '2.14.4')).toBeNull();
  });

  it('names the difference when the pin and the installed composition disagree', () => {
    expect(federationVersionMismatch('=2.13.0', '2.14.4')).toMatch(/pins 2\.13\.0, but @apollo\/composition 2\.14\.4 is installed/);
    expect(federationVersionMismatch('1', '2.14.4')).toMatch(/asks for 1\.x/);
    expect(federationVersionMismatch('latest', '2.14.4')).toMatch(/neither/);
    expect(federationVersionMismatch(undefined, '2.14.4')).toMatch(/missing/);
  });

  it('holds for the committed rover.yaml', () => {
    expect(installedCompositionVersion()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(readSupergraphConfig().map((subgraph) => subgraph.name)).toEqual(['auth', 'tenant', 'user', 'billing', 'instance']);
  });
});
