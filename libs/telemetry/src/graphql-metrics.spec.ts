import { type OperationDefinitionNode, parse } from 'graphql';
import { operationLabel } from './graphql-metrics';

const operationOf = (source: string) => parse(source).definitions[0] as OperationDefinitionNode;

describe('operationLabel', () => {
  it('is the operation name a client gave', () => {
    expect(operationLabel('CreateShop', operationOf('mutation CreateShop { createInstance { id } }'))).toBe('CreateShop');
  });

  it('names an anonymous operation after its root fields, which the schema bounds', () => {
    expect(operationLabel(null, operationOf('{ me { id } instances { id } me2: me { id } }'))).toBe('{instances,me}');
  });

  it('does not take a name that is not a GraphQL name (it would become a label value)', () => {
    expect(operationLabel('x"} 1\nevil', operationOf('{ me { id } }'))).toBe('{me}');
    expect(operationLabel(undefined, undefined)).toBe('unparsed');
  });
});
