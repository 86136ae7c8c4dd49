import {
  type DocumentNode,
  getNamedType,
  type GraphQLNamedType,
  type GraphQLSchema,
  isAbstractType,
  TypeInfo,
  visit,
  BREAK,
  visitWithTypeInfo,
} from 'graphql';

/**
 * Types whose fields can resolve differently for two viewers with the same role in the same
 * tenant. `User` is one: `User.memberships` lists only the tenants the viewer shares with
 * that user, and a user's profile is reachable from a tenant through `members`,
 * `Invitation.invitedBy`, `AuditLogEntry.actor`, ...
 */
const VIEWER_DEPENDENT_TYPES: ReadonlySet<string> = new Set(['User']);

/**
 * Single fields answered "for the signed-in user" on types that are otherwise the same for
 * every viewer of a tenant. `Tenant.viewerRole` of the subscription's own tenant equals the
 * role already in the group key, but `Tenant` can be reached for other tenants too.
 */
const VIEWER_DEPENDENT_FIELDS: ReadonlySet<string> = new Set(['Tenant.viewerRole']);

/**
 * Whether the result of a (validated) document can depend on who the viewer is beyond their
 * tenant and role. The rule is deliberately coarse: the document depends on the viewer as soon
 * as any selection — in the operation or in a fragment — reaches a viewer-dependent type
 * (directly, or through an interface or union that includes it) or names a viewer-dependent
 * field. Such subscriptions are resolved per viewer; all others are shared.
 */
export function dependsOnViewer(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  const reaches = (type: GraphQLNamedType | null | undefined): boolean => {
    if (!type) return false;
    if (VIEWER_DEPENDENT_TYPES.has(type.name)) return true;
    return isAbstractType(type) && schema.getPossibleTypes(type).some((possible) => VIEWER_DEPENDENT_TYPES.has(possible.name));
  };
  let dependent = false;
  // Fragment definitions are visited with their type condition, so spreads are covered too;
  // a field inside `... on User` has `User` as its parent type.
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        const type = typeInfo.getType();
        if (reaches(parent) || reaches(type && getNamedType(type)) || VIEWER_DEPENDENT_FIELDS.has(`${parent?.name}.${node.name.value}`)) {
          dependent = true;
          return BREAK;
        }
        return undefined;
      },
    }),
  );
  return dependent;
}
