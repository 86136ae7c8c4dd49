import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  print,
  type SelectionSetNode,
  type VariableDefinitionNode,
  visit,
} from 'graphql';

/** The Query field that fetches the subtree of an event field, by id. */
export type FetchRoot = 'instance' | 'instanceOperation';

export interface FetchQuery {
  query: string;
  /** Variables of the subscription the selection uses, passed on unchanged. */
  variableNames: string[];
}

const ID_VARIABLE = 'liveEventId';
const RESULT_KEY = 'result';

/**
 * Turns the selection a subscriber made under an event field (e.g. `instance { name url
 * tenant { name } }`) into a query the gateway plans like any other:
 * `query($liveEventId: ID!) { result: instance(id: $liveEventId) { name url tenant { name } } }`,
 * with the fragments and variables that selection uses. Aliases are kept, so the result
 * has the shape of the subscriber's response.
 */
export function buildFetchQuery(root: FetchRoot, fieldNodes: readonly FieldNode[], document: DocumentNode): FetchQuery {
  const selectionSet: SelectionSetNode = {
    kind: Kind.SELECTION_SET,
    selections: fieldNodes.flatMap((node) => node.selectionSet?.selections ?? []),
  };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const usedFragments = new Map<string, FragmentDefinitionNode>();
  const usedVariables = new Set<string>();
  const collect = (node: SelectionSetNode | FragmentDefinitionNode) => {
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !usedFragments.has(fragment.name.value)) {
          usedFragments.set(fragment.name.value, fragment);
          collect(fragment);
        }
      },
      Variable(variable) {
        usedVariables.add(variable.name.value);
      },
    });
  };
  collect(selectionSet);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const variableDefinitions: VariableDefinitionNode[] = [
    {
      kind: Kind.VARIABLE_DEFINITION,
      variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: ID_VARIABLE } },
      type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'ID' } } },
    },
    ...(operation?.variableDefinitions ?? []).filter((definition) => usedVariables.has(definition.variable.name.value)),
  ];
  const query: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: 'query' as OperationDefinitionNode['operation'],
        name: { kind: Kind.NAME, value: 'LiveEventFetch' },
        variableDefinitions,
        selectionSet: {
          kind: Kind.SELECTION_SET,
          selections: [
            {
              kind: Kind.FIELD,
              alias: { kind: Kind.NAME, value: RESULT_KEY },
              name: { kind: Kind.NAME, value: root },
              arguments: [
                {
                  kind: Kind.ARGUMENT,
                  name: { kind: Kind.NAME, value: 'id' },
                  value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: ID_VARIABLE } },
                },
              ],
              selectionSet,
            },
          ],
        },
      },
      ...usedFragments.values(),
    ],
  };
  return { query: print(query), variableNames: [...usedVariables] };
}

export function fetchVariables(fetch: FetchQuery, id: string, variables: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = { [ID_VARIABLE]: id };
  for (const name of fetch.variableNames) if (name in variables) values[name] = variables[name];
  return values;
}

export const FETCH_RESULT_KEY = RESULT_KEY;
