import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/** Arguments that bound the length of the list a field (or the connection below it) returns. */
const PAGE_SIZE_ARGUMENTS = ['first', 'last', 'limit', 'tail'];

export interface CostOptions {
  /** Assumed length of a list whose size no argument bounds (`members`, `memberships` ...). */
  defaultListSize: number;
  /**
   * The largest page a subgraph serves (100): a bigger `first` is the subgraph's to refuse
   * with `BAD_USER_INPUT` naming the argument, so it counts as this much here.
   */
  maxPageSize: number;
}

/**
 * What an operation may cost the subgraphs, before any of it runs: each field is 1, and a
 * field under a list counts once per element. The length of a list is its page-size argument
 * (`first`, `last`, `limit`, `tail`: on the field itself or on the connection above its
 * `edges`), else `defaultListSize`. A cyclic query (`me { memberships { tenant { members {
 * user { memberships ... } } } } }`) grows as size^depth, which is exactly what is refused.
 * Introspection (`__schema`, `__type`) is left to the depth and token limits.
 */
export function estimateCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>, options: CostOptions): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root) return 0;

  const pageSize = (field: FieldNode): number | undefined => {
    for (const argument of field.arguments ?? []) {
      if (!PAGE_SIZE_ARGUMENTS.includes(argument.name.value)) continue;
      const value = valueOf(argument.value, variables);
      if (typeof value === 'number' && Number.isFinite(value)) return Math.min(Math.max(0, value), options.maxPageSize);
    }
    return undefined;
  };

  const costOfSelections = (selectionSet: SelectionSetNode, parent: GraphQLNamedType, inheritedPageSize: number | undefined, visiting: Set<string>): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        total += costOfField(selection, parent, inheritedPageSize, visiting);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) ?? parent) : parent;
        total += costOfSelections(selection.selectionSet, type, inheritedPageSize, visiting);
      } else {
        const fragment = fragments.get(selection.name.value);
        // A fragment spread inside itself is invalid (validation reports it); count it once.
        if (!fragment || visiting.has(fragment.name.value)) continue;
        const type = schema.getType(fragment.typeCondition.name.value) ?? parent;
        total += costOfSelections(fragment.selectionSet, type, inheritedPageSize, new Set([...visiting, fragment.name.value]));
      }
    }
    return total;
  };

  const costOfField = (node: FieldNode, parent: GraphQLNamedType, inheritedPageSize: number | undefined, visiting: Set<string>): number => {
    if (node.name.value.startsWith('__')) return 0;
    const definition: GraphQLField<unknown, unknown> | undefined = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[node.name.value] : undefined;
    if (!definition || !node.selectionSet) return 1;
    const own = pageSize(node);
    const isList = isListType(getNullableType(definition.type));
    // A list takes its own page size, else the one its connection was given, else the default.
    const multiplier = isList ? (own ?? inheritedPageSize ?? options.defaultListSize) : 1;
    const passedDown = isList ? undefined : (own ?? undefined);
    return 1 + multiplier * costOfSelections(node.selectionSet, getNamedType(definition.type), passedDown, visiting);
  };

  return costOfSelections(operation.selectionSet, root, undefined, new Set());
}

function valueOf(node: ValueNode, variables: Record<string, unknown>): unknown {
  if (node.kind === Kind.INT || node.kind === Kind.FLOAT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  return undefined;
}
