import {
  buildASTSchema,
  type ConstDirectiveNode,
  type DefinitionNode,
  type DocumentNode,
  type GraphQLSchema,
  Kind,
  parse,
  print,
  Source,
} from 'graphql';

/** A subgraph's SDL as graphql-js sees it, plus the federation facts graphql-js drops. */
export interface SubgraphSchema {
  schema: GraphQLSchema;
  /** Entity keys per type, each normalised: `id`, `id sku`, `id (resolvable: false)`. */
  keys: ReadonlyMap<string, string[]>;
}

/**
 * Builds a graphql-js schema from a Federation 2 subgraph SDL without the federation
 * machinery (`_entities`, `_service`, link imports): federation directives are kept only on
 * the AST, which is where `@key` is read from. An empty or missing SDL gives an empty schema,
 * so a new subgraph compares as "everything added" and a removed one as "everything removed".
 */
export function buildSubgraphSchema(sdl: string | undefined, name = 'subgraph.graphql'): SubgraphSchema {
  const document = sdl && sdl.trim() !== '' ? parse(new Source(sdl, name)) : undefined;
  if (!document) return { schema: buildASTSchema({ kind: Kind.DOCUMENT, definitions: [] }, { assumeValidSDL: true }), keys: new Map() };
  return { schema: buildASTSchema(withDefinitionsForOrphanExtensions(document), { assumeValidSDL: true }), keys: readKeys(document) };
}

const EXTENSION_TO_DEFINITION: Partial<Record<Kind, Kind>> = {
  [Kind.OBJECT_TYPE_EXTENSION]: Kind.OBJECT_TYPE_DEFINITION,
  [Kind.INTERFACE_TYPE_EXTENSION]: Kind.INTERFACE_TYPE_DEFINITION,
  [Kind.INPUT_OBJECT_TYPE_EXTENSION]: Kind.INPUT_OBJECT_TYPE_DEFINITION,
  [Kind.ENUM_TYPE_EXTENSION]: Kind.ENUM_TYPE_DEFINITION,
  [Kind.UNION_TYPE_EXTENSION]: Kind.UNION_TYPE_DEFINITION,
  [Kind.SCALAR_TYPE_EXTENSION]: Kind.SCALAR_TYPE_DEFINITION,
};

/** Federation allows `extend type Query { ... }` without a base definition; graphql-js does not. */
function withDefinitionsForOrphanExtensions(document: DocumentNode): DocumentNode {
  const defined = new Set(
    document.definitions.flatMap((definition) => ('name' in definition && definition.name && !isExtension(definition) ? [definition.name.value] : [])),
  );
  const definitions = document.definitions.map((definition): DefinitionNode => {
    const kind = EXTENSION_TO_DEFINITION[definition.kind];
    if (!kind || !('name' in definition) || !definition.name || defined.has(definition.name.value)) return definition;
    defined.add(definition.name.value);
    return { ...definition, kind } as DefinitionNode;
  });
  return { ...document, definitions };
}

function isExtension(definition: DefinitionNode): boolean {
  return EXTENSION_TO_DEFINITION[definition.kind] !== undefined;
}

function readKeys(document: DocumentNode): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_EXTENSION) continue;
    for (const directive of definition.directives ?? []) {
      if (!isKeyDirective(directive)) continue;
      const list = keys.get(definition.name.value) ?? [];
      list.push(normaliseKey(directive));
      keys.set(definition.name.value, list);
    }
  }
  return keys;
}

function isKeyDirective(directive: ConstDirectiveNode): boolean {
  return directive.name.value === 'key' || directive.name.value === 'federation__key';
}

function normaliseKey(directive: ConstDirectiveNode): string {
  let fields = '';
  let resolvable = true;
  for (const argument of directive.arguments ?? []) {
    if (argument.name.value === 'fields' && argument.value.kind === Kind.STRING) fields = normaliseSelection(argument.value.value);
    if (argument.name.value === 'resolvable' && argument.value.kind === Kind.BOOLEAN) resolvable = argument.value.value;
  }
  return resolvable ? fields : `${fields} (resolvable: false)`;
}

/** `id  sku`, `id,sku` and `id sku` are the same key; nested selections keep their braces. */
function normaliseSelection(fields: string): string {
  try {
    const selection = parse(`{ ${fields} }`).definitions[0];
    if (selection?.kind !== Kind.OPERATION_DEFINITION) return fields.trim();
    return print(selection.selectionSet).replace(/\s+/g, ' ').replace(/^\{ | \}$/g, '');
  } catch {
    return fields.trim().replace(/\s+/g, ' ');
  }
}
