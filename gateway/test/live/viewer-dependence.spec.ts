import { type GraphQLSchema, parse } from 'graphql';
import { dependsOnViewer } from '../../src/live/viewer-dependence';
import { apiSchema } from './live-fixtures';

describe('dependsOnViewer', () => {
  let schema: GraphQLSchema;

  beforeAll(() => {
    schema = apiSchema();
  });

  it.each([
    'subscription { instanceStatusChanged(tenantId: "t") { status sequence at } }',
    'subscription { instanceStatusChanged(tenantId: "t") { instance { id name url tenant { id name subscription { plan { name } } } } } }',
    'subscription { operationProgress(operationId: "o") { status progress instance { name } } }',
    'subscription { instanceStatusChanged(tenantId: "t") { instance { tenant { members { role joinedAt } } } } }',
  ])('shares %j across viewers', (query) => {
    expect(dependsOnViewer(schema, parse(query))).toBe(false);
  });

  it.each([
    'subscription { instanceStatusChanged(tenantId: "t") { instance { tenant { members { user { memberships { tenant { name } } } } } } } }',
    'subscription { instanceStatusChanged(tenantId: "t") { instance { tenant { members { user { id } } } } } }',
    'subscription { instanceStatusChanged(tenantId: "t") { instance { tenant { members { ...M } } } } } fragment M on Membership { user { displayName } }',
    'subscription { instanceStatusChanged(tenantId: "t") { ...E } } fragment E on InstanceStatusEvent { instance { tenant { ...T } } } fragment T on Tenant { members { user { email } } }',
    'subscription { instanceStatusChanged(tenantId: "t") { instance { tenant { viewerRole } } } }',
  ])('resolves %j per viewer', (query) => {
    expect(dependsOnViewer(schema, parse(query))).toBe(true);
  });
});
