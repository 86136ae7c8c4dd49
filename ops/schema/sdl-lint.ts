import {
  type ASTNode,
  type ConstDirectiveNode,
  type DefinitionNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  Kind,
  parse,
  Source,
  type StringValueNode,
} from 'graphql';

/**
 * The rules, all errors. Deliberately not required: descriptions on arguments (the field's
 * description usually says what they do) and on root operation types (`Query`, `Mutation`,
 * `Subscription`: their fields carry the documentation).
 */
export const LINT_RULES = {
  TYPE_NAME_PASCAL_CASE: 'type, interface, union, enum, input and scalar names are PascalCase',
  FIELD_NAME_CAMEL_CASE: 'field and input field names are camelCase',
  ARGUMENT_NAME_CAMEL_CASE: 'argument names are camelCase',
  ENUM_VALUE_UPPER_SNAKE_CASE: 'enum values are UPPER_SNAKE_CASE',
  DIRECTIVE_NAME_CAMEL_CASE: 'directive names are camelCase',
  INPUT_TYPE_SUFFIX: 'input type names end with `Input`',
  INPUT_SUFFIX_RESERVED: 'only input types end with `Input`',
  ENUM_NAME_NO_ENUM_SUFFIX: 'enum names do not end with `Enum`',
  QUERY_FIELD_NO_GET_PREFIX: 'Query fields are nouns: no `get` prefix',
  DESCRIPTION_REQUIRED: 'types, fields, input fields and enum values have a non-blank description',
  DEPRECATION_REASON_REQUIRED: '`@deprecated` says why and what to use instead',
} as const;

export type LintRule = keyof typeof LINT_RULES;

export interface LintFinding {
  rule: LintRule;
  subgraph: string;
  coordinate: string;
  message: string;
  /** `file:line:column` */
  location: string;
}

const PASCAL_CASE = /^[A-Z][A-Za-z0-9]*$/;
const CAMEL_CASE = /^[a-z][A-Za-z0-9]*$/;
const UPPER_SNAKE_CASE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);
/** Names federation and `@link` own (`_Any`, `link__Import`, `federation__key`, `join__Graph`). */
const FEDERATION_NAME = /^_|__/;

type NamedDefinition = Extract<DefinitionNode, { name: { value: string } }>;

/** Lints one subgraph's SDL; `extend schema` and federation's own definitions are skipped. */
export function lintSubgraphSdl(subgraph: string, sdl: string, file = `${subgraph}.graphql`): LintFinding[] {
  return lintDocument(subgraph, parse(new Source(sdl, file)));
}

export function lintDocument(subgraph: string, document: DocumentNode): LintFinding[] {
  const findings: LintFinding[] = [];
  const report = (rule: LintRule, coordinate: string, message: string, node: ASTNode): void => {
    findings.push({ rule, subgraph, coordinate, message, location: locationOf(node) });
  };
  const rootTypes = rootTypeNames(document);

  for (const definition of document.definitions) {
    if (!('name' in definition) || !definition.name || FEDERATION_NAME.test(definition.name.value)) continue;
    const node = definition as NamedDefinition;
    const name = node.name.value;

    if (node.kind === Kind.DIRECTIVE_DEFINITION) {
      if (!CAMEL_CASE.test(name)) report('DIRECTIVE_NAME_CAMEL_CASE', `@${name}`, `directive \`@${name}\` should be camelCase`, node.name);
      continue;
    }
    if (node.kind === Kind.FRAGMENT_DEFINITION) continue;

    const isExtension = node.kind.endsWith('Extension');
    const isInput = node.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION || node.kind === Kind.INPUT_OBJECT_TYPE_EXTENSION;
    const isEnum = node.kind === Kind.ENUM_TYPE_DEFINITION || node.kind === Kind.ENUM_TYPE_EXTENSION;
    const isRoot = rootTypes.has(name);

    if (!PASCAL_CASE.test(name)) report('TYPE_NAME_PASCAL_CASE', name, `\`${name}\` should be PascalCase`, node.name);
    if (isInput && !name.endsWith('Input')) report('INPUT_TYPE_SUFFIX', name, `input \`${name}\` should be named \`${name}Input\``, node.name);
    if (!isInput && name.endsWith('Input')) report('INPUT_SUFFIX_RESERVED', name, `\`${name}\` is not an input type but its name ends with \`Input\``, node.name);
    if (isEnum && name.endsWith('Enum')) report('ENUM_NAME_NO_ENUM_SUFFIX', name, `enum \`${name}\` should not end with \`Enum\``, node.name);
    if (!isExtension && !isRoot && 'description' in node) requireDescription(report, name, `\`${name}\``, node.description, node.name);

    if ('fields' in node && node.fields) {
      for (const field of node.fields as readonly (FieldDefinitionNode | InputValueDefinitionNode)[]) {
        const fieldName = field.name.value;
        const coordinate = `${name}.${fieldName}`;
        if (!CAMEL_CASE.test(fieldName)) report('FIELD_NAME_CAMEL_CASE', coordinate, `field \`${coordinate}\` should be camelCase`, field.name);
        if (rootTypes.get(name) === 'query' && /^get[A-Z0-9_]/.test(fieldName)) {
          report('QUERY_FIELD_NO_GET_PREFIX', coordinate, `query field \`${fieldName}\` should be a noun, e.g. \`${lowerFirst(fieldName.slice(3))}\``, field.name);
        }
        if (!isExternal(field)) requireDescription(report, coordinate, `field \`${coordinate}\``, field.description, field.name);
        checkDeprecation(report, coordinate, field.directives, field.name);
        if (field.kind === Kind.FIELD_DEFINITION) {
          for (const argument of field.arguments ?? []) {
            const argumentCoordinate = `${coordinate}(${argument.name.value}:)`;
            if (!CAMEL_CASE.test(argument.name.value)) report('ARGUMENT_NAME_CAMEL_CASE', argumentCoordinate, `argument \`${argumentCoordinate}\` should be camelCase`, argument.name);
            checkDeprecation(report, argumentCoordinate, argument.directives, argument.name);
          }
        }
      }
    }
    if ('values' in node && node.values) {
      for (const value of node.values) {
        const coordinate = `${name}.${value.name.value}`;
        if (!UPPER_SNAKE_CASE.test(value.name.value)) report('ENUM_VALUE_UPPER_SNAKE_CASE', coordinate, `enum value \`${coordinate}\` should be UPPER_SNAKE_CASE`, value.name);
        requireDescription(report, coordinate, `enum value \`${coordinate}\``, value.description, value.name);
        checkDeprecation(report, coordinate, value.directives, value.name);
      }
    }
  }
  return findings;
}

type Report = (rule: LintRule, coordinate: string, message: string, node: ASTNode) => void;

function requireDescription(report: Report, coordinate: string, what: string, description: StringValueNode | undefined, node: ASTNode): void {
  if (!description || description.value.trim() === '') report('DESCRIPTION_REQUIRED', coordinate, `${what} has no description`, node);
}

function checkDeprecation(report: Report, coordinate: string, directives: readonly ConstDirectiveNode[] | undefined, node: ASTNode): void {
  const deprecated = directives?.find((directive) => directive.name.value === 'deprecated');
  if (!deprecated) return;
  const reason = deprecated.arguments?.find((argument) => argument.name.value === 'reason')?.value;
  if (!reason || reason.kind !== Kind.STRING || reason.value.trim() === '') {
    report('DEPRECATION_REASON_REQUIRED', coordinate, `\`${coordinate}\` is deprecated without a reason`, node);
  }
}

/** A field only declared so a `@key`/`@requires` can name it; its owner documents it. */
function isExternal(field: FieldDefinitionNode | InputValueDefinitionNode): boolean {
  return (field.directives ?? []).some((directive) => directive.name.value === 'external' || directive.name.value === 'federation__external');
}

/** Root operation types by name: the schema definition's, else the conventional names. */
function rootTypeNames(document: DocumentNode): Map<string, 'query' | 'mutation' | 'subscription'> {
  const roots = new Map<string, 'query' | 'mutation' | 'subscription'>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const operation of definition.operationTypes ?? []) roots.set(operation.type.name.value, operation.operation as 'query' | 'mutation' | 'subscription');
  }
  if (roots.size === 0) for (const name of ROOT_TYPES) roots.set(name, name.toLowerCase() as 'query' | 'mutation' | 'subscription');
  return roots;
}

function locationOf(node: ASTNode): string {
  if (!node.loc) return '?';
  return `${node.loc.source.name}:${node.loc.startToken.line}:${node.loc.startToken.column}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

export function formatFinding(finding: LintFinding): string {
  return `error[${finding.rule}]: [${finding.subgraph}] ${finding.message}\n  --> ${finding.location}`;
}
