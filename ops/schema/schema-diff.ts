import {
  astFromValue,
  findBreakingChanges,
  findDangerousChanges,
  getNullableType,
  type GraphQLArgument,
  type GraphQLEnumType,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type GraphQLType,
  type GraphQLUnionType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isListType,
  isNamedType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isSpecifiedDirective,
  isSpecifiedScalarType,
  isUnionType,
  print,
} from 'graphql';
import type { SubgraphSchema } from './subgraph-schema';

export type Severity = 'BREAKING' | 'DANGEROUS' | 'SAFE';

export const SEVERITY_ORDER: readonly Severity[] = ['BREAKING', 'DANGEROUS', 'SAFE'];

/**
 * One difference between a published schema and the proposed one. `coordinate` is a schema
 * coordinate (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`, `@directive`), the
 * key the allow-list matches on together with the subgraph and the code.
 */
export interface SchemaChange {
  severity: Severity;
  code: string;
  coordinate: string;
  description: string;
}

type Emit = (severity: Severity, code: string, coordinate: string, description: string) => void;

/**
 * Classifies every difference between two versions of a subgraph schema, the way
 * `rover subgraph check` does: BREAKING changes can fail clients' existing operations,
 * DANGEROUS ones can change what they observe, SAFE ones cannot hurt them. Covers what
 * graphql-js's `findBreakingChanges`/`findDangerousChanges` report (and cross-checks with
 * them, see `crossCheckWithGraphqlJs`), plus additions, arguments and input fields made
 * required, input field defaults, deprecations, descriptions and federation `@key`s.
 */
export function diffSchemas(previous: SubgraphSchema, proposed: SubgraphSchema): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const emit: Emit = (severity, code, coordinate, description) => changes.push({ severity, code, coordinate, description });
  const oldTypes = userTypes(previous.schema);
  const newTypes = userTypes(proposed.schema);

  for (const [name, oldType] of oldTypes) {
    const newType = newTypes.get(name);
    if (!newType) {
      emit('BREAKING', 'TYPE_REMOVED', name, `${kindName(oldType)} \`${name}\` removed`);
      continue;
    }
    if (kindName(oldType) !== kindName(newType)) {
      emit('BREAKING', 'TYPE_CHANGED_KIND', name, `\`${name}\` changed from ${kindName(oldType)} to ${kindName(newType)}`);
      continue;
    }
    diffDescription(emit, name, `${kindName(oldType)} \`${name}\``, oldType.description, newType.description);
    if ((isObjectType(oldType) && isObjectType(newType)) || (isInterfaceType(oldType) && isInterfaceType(newType))) {
      diffInterfaces(emit, oldType, newType);
      diffFields(emit, oldType, newType);
    } else if (isUnionType(oldType) && isUnionType(newType)) {
      diffUnionMembers(emit, oldType, newType);
    } else if (isEnumType(oldType) && isEnumType(newType)) {
      diffEnumValues(emit, oldType, newType);
    } else if (isInputObjectType(oldType) && isInputObjectType(newType)) {
      diffInputFields(emit, oldType, newType);
    }
  }
  for (const [name, newType] of newTypes) {
    if (!oldTypes.has(name)) emit('SAFE', 'TYPE_ADDED', name, `${kindName(newType)} \`${name}\` added`);
  }
  diffKeys(emit, previous.keys, proposed.keys, oldTypes, newTypes);
  diffDirectives(emit, previous.schema, proposed.schema);
  return sortBySeverity(changes);
}

export function sortBySeverity(changes: SchemaChange[]): SchemaChange[] {
  return changes
    .map((change, index) => ({ change, index }))
    .sort((a, b) => SEVERITY_ORDER.indexOf(a.change.severity) - SEVERITY_ORDER.indexOf(b.change.severity) || a.index - b.index)
    .map(({ change }) => change);
}

/** Types a schema author wrote: no introspection types, no built-in scalars. */
function userTypes(schema: GraphQLSchema): Map<string, GraphQLNamedType> {
  return new Map(
    Object.values(schema.getTypeMap())
      .filter((type) => !isIntrospectionType(type) && !isSpecifiedScalarType(type))
      .map((type) => [type.name, type]),
  );
}

function kindName(type: GraphQLNamedType): string {
  if (isObjectType(type)) return 'type';
  if (isInterfaceType(type)) return 'interface';
  if (isUnionType(type)) return 'union';
  if (isEnumType(type)) return 'enum';
  if (isInputObjectType(type)) return 'input';
  return 'scalar';
}

function diffDescription(emit: Emit, coordinate: string, what: string, before: string | null | undefined, after: string | null | undefined): void {
  if ((before ?? '') === (after ?? '')) return;
  const verb = !before ? 'added' : !after ? 'removed' : 'changed';
  emit('SAFE', 'DESCRIPTION_CHANGED', coordinate, `${what}: description ${verb}`);
}

function diffInterfaces(emit: Emit, oldType: GraphQLObjectType | GraphQLInterfaceType, newType: GraphQLObjectType | GraphQLInterfaceType): void {
  const before = new Set(oldType.getInterfaces().map((type) => type.name));
  const after = new Set(newType.getInterfaces().map((type) => type.name));
  for (const name of before) {
    if (!after.has(name)) emit('BREAKING', 'IMPLEMENTED_INTERFACE_REMOVED', oldType.name, `type \`${oldType.name}\`: no longer implements interface \`${name}\``);
  }
  for (const name of after) {
    if (!before.has(name)) emit('DANGEROUS', 'IMPLEMENTED_INTERFACE_ADDED', oldType.name, `type \`${oldType.name}\`: now implements interface \`${name}\``);
  }
}

function diffFields(emit: Emit, oldType: GraphQLObjectType | GraphQLInterfaceType, newType: GraphQLObjectType | GraphQLInterfaceType): void {
  const oldFields = oldType.getFields();
  const newFields = newType.getFields();
  const typeName = oldType.name;
  for (const [name, oldField] of Object.entries(oldFields)) {
    const coordinate = `${typeName}.${name}`;
    const newField = newFields[name];
    if (!newField) {
      emit('BREAKING', 'FIELD_REMOVED', coordinate, `type \`${typeName}\`: field \`${name}\` removed`);
      continue;
    }
    if (String(oldField.type) !== String(newField.type)) {
      const safe = isSafeOutputTypeChange(oldField.type, newField.type);
      emit(safe ? 'SAFE' : 'BREAKING', 'FIELD_CHANGED_TYPE', coordinate, `type \`${typeName}\`: field \`${name}\` changed type from \`${String(oldField.type)}\` to \`${String(newField.type)}\``);
    }
    diffArguments(emit, coordinate, oldField, newField);
    diffDeprecation(emit, coordinate, `type \`${typeName}\`: field \`${name}\``, oldField.deprecationReason, newField.deprecationReason);
    diffDescription(emit, coordinate, `type \`${typeName}\`: field \`${name}\``, oldField.description, newField.description);
  }
  for (const [name, newField] of Object.entries(newFields)) {
    if (!oldFields[name]) emit('SAFE', 'FIELD_ADDED', `${typeName}.${name}`, `type \`${typeName}\`: field \`${name}\` added (\`${String(newField.type)}\`)`);
  }
}

type AnyField = GraphQLField<unknown, unknown>;

function diffArguments(emit: Emit, fieldCoordinate: string, oldField: AnyField, newField: AnyField): void {
  const oldArgs = new Map(oldField.args.map((arg) => [arg.name, arg]));
  const newArgs = new Map(newField.args.map((arg) => [arg.name, arg]));
  const what = (name: string): string => `field \`${fieldCoordinate}\`: argument \`${name}\``;
  for (const [name, oldArg] of oldArgs) {
    const coordinate = `${fieldCoordinate}(${name}:)`;
    const newArg = newArgs.get(name);
    if (!newArg) {
      emit('BREAKING', 'ARG_REMOVED', coordinate, `${what(name)} removed`);
      continue;
    }
    diffInputValue(emit, coordinate, what(name), oldArg, newArg, ARGUMENT_CODES);
    diffDescription(emit, coordinate, what(name), oldArg.description, newArg.description);
  }
  for (const [name, newArg] of newArgs) {
    if (oldArgs.has(name)) continue;
    const coordinate = `${fieldCoordinate}(${name}:)`;
    if (isRequiredInputValue(newArg)) emit('BREAKING', 'REQUIRED_ARG_ADDED', coordinate, `${what(name)} of type \`${String(newArg.type)}\` added; it is required`);
    else emit('SAFE', 'OPTIONAL_ARG_ADDED', coordinate, `${what(name)} of type \`${String(newArg.type)}\` added`);
  }
}

interface InputValueCodes {
  changedType: string;
  madeRequired: string;
  defaultChanged: string;
}
const ARGUMENT_CODES: InputValueCodes = { changedType: 'ARG_CHANGED_TYPE', madeRequired: 'ARG_MADE_REQUIRED', defaultChanged: 'ARG_DEFAULT_VALUE_CHANGED' };
const INPUT_FIELD_CODES: InputValueCodes = {
  changedType: 'INPUT_FIELD_CHANGED_TYPE',
  madeRequired: 'INPUT_FIELD_MADE_REQUIRED',
  defaultChanged: 'INPUT_FIELD_DEFAULT_VALUE_CHANGED',
};

/** An argument or an input field: what clients send. */
function diffInputValue(
  emit: Emit,
  coordinate: string,
  what: string,
  oldValue: GraphQLArgument | GraphQLInputField,
  newValue: GraphQLArgument | GraphQLInputField,
  codes: InputValueCodes,
): void {
  const wasRequired = isRequiredInputValue(oldValue);
  const isRequired = isRequiredInputValue(newValue);
  const typeChanged = String(oldValue.type) !== String(newValue.type);
  if (typeChanged && !isSafeInputTypeChange(oldValue.type, newValue.type)) {
    // `Int` -> `Int!` is the same value made mandatory; anything else is a different type.
    const onlyMadeNonNull = isNonNullType(newValue.type) && String(getNullableType(newValue.type)) === String(oldValue.type);
    if (onlyMadeNonNull && isRequired) emit('BREAKING', codes.madeRequired, coordinate, `${what} made required (\`${String(oldValue.type)}\` to \`${String(newValue.type)}\`)`);
    else emit('BREAKING', codes.changedType, coordinate, `${what} changed type from \`${String(oldValue.type)}\` to \`${String(newValue.type)}\``);
    return;
  }
  if (typeChanged) emit('SAFE', codes.changedType, coordinate, `${what} changed type from \`${String(oldValue.type)}\` to \`${String(newValue.type)}\``);
  if (!wasRequired && isRequired) {
    emit('BREAKING', codes.madeRequired, coordinate, `${what} made required: its default value ${stringifyDefault(oldValue)} was removed`);
    return;
  }
  const before = stringifyDefault(oldValue);
  const after = stringifyDefault(newValue);
  if (before !== after) {
    const description = before === 'none' ? `default value ${after} added` : after === 'none' ? `default value ${before} removed` : `default value changed from ${before} to ${after}`;
    emit('DANGEROUS', codes.defaultChanged, coordinate, `${what}: ${description}`);
  }
}

function isRequiredInputValue(value: GraphQLArgument | GraphQLInputField): boolean {
  return isNonNullType(value.type) && value.defaultValue === undefined;
}

function stringifyDefault(value: GraphQLArgument | GraphQLInputField): string {
  if (value.defaultValue === undefined) return 'none';
  try {
    const ast = astFromValue(value.defaultValue, value.type);
    return ast ? `\`${print(ast)}\`` : `\`${JSON.stringify(value.defaultValue)}\``;
  } catch {
    return `\`${JSON.stringify(value.defaultValue)}\``;
  }
}

function diffDeprecation(emit: Emit, coordinate: string, what: string, before: string | null | undefined, after: string | null | undefined): void {
  if (!before && after) emit('SAFE', 'DEPRECATED', coordinate, `${what} deprecated: ${after}`);
  else if (before && !after) emit('SAFE', 'DEPRECATION_REMOVED', coordinate, `${what} no longer deprecated`);
}

function diffUnionMembers(emit: Emit, oldType: GraphQLUnionType, newType: GraphQLUnionType): void {
  const before = new Set(oldType.getTypes().map((type) => type.name));
  const after = new Set(newType.getTypes().map((type) => type.name));
  for (const name of before) if (!after.has(name)) emit('BREAKING', 'UNION_MEMBER_REMOVED', oldType.name, `union \`${oldType.name}\`: member \`${name}\` removed`);
  for (const name of after) if (!before.has(name)) emit('DANGEROUS', 'UNION_MEMBER_ADDED', oldType.name, `union \`${oldType.name}\`: member \`${name}\` added`);
}

function diffEnumValues(emit: Emit, oldType: GraphQLEnumType, newType: GraphQLEnumType): void {
  const before = new Map(oldType.getValues().map((value) => [value.name, value]));
  const after = new Map(newType.getValues().map((value) => [value.name, value]));
  for (const [name, oldValue] of before) {
    const coordinate = `${oldType.name}.${name}`;
    const what = `enum \`${oldType.name}\`: value \`${name}\``;
    const newValue = after.get(name);
    if (!newValue) {
      emit('BREAKING', 'ENUM_VALUE_REMOVED', coordinate, `${what} removed`);
      continue;
    }
    diffDeprecation(emit, coordinate, what, oldValue.deprecationReason, newValue.deprecationReason);
    diffDescription(emit, coordinate, what, oldValue.description, newValue.description);
  }
  for (const name of after.keys()) {
    if (!before.has(name)) emit('DANGEROUS', 'ENUM_VALUE_ADDED', `${oldType.name}.${name}`, `enum \`${oldType.name}\`: value \`${name}\` added; clients may not handle it`);
  }
}

function diffInputFields(emit: Emit, oldType: GraphQLInputObjectType, newType: GraphQLInputObjectType): void {
  const oldFields = oldType.getFields();
  const newFields = newType.getFields();
  const what = (name: string): string => `input \`${oldType.name}\`: field \`${name}\``;
  for (const [name, oldField] of Object.entries(oldFields)) {
    const coordinate = `${oldType.name}.${name}`;
    const newField = newFields[name];
    if (!newField) {
      emit('BREAKING', 'INPUT_FIELD_REMOVED', coordinate, `${what(name)} removed`);
      continue;
    }
    diffInputValue(emit, coordinate, what(name), oldField, newField, INPUT_FIELD_CODES);
    diffDeprecation(emit, coordinate, what(name), oldField.deprecationReason, newField.deprecationReason);
    diffDescription(emit, coordinate, what(name), oldField.description, newField.description);
  }
  for (const [name, newField] of Object.entries(newFields)) {
    if (oldFields[name]) continue;
    const coordinate = `${oldType.name}.${name}`;
    if (isRequiredInputValue(newField)) emit('BREAKING', 'REQUIRED_INPUT_FIELD_ADDED', coordinate, `${what(name)} of type \`${String(newField.type)}\` added; it is required`);
    else emit('SAFE', 'OPTIONAL_INPUT_FIELD_ADDED', coordinate, `${what(name)} of type \`${String(newField.type)}\` added`);
  }
}

/** `@key`s are how the router fetches an entity from this subgraph: changing one breaks plans. */
function diffKeys(
  emit: Emit,
  before: ReadonlyMap<string, string[]>,
  after: ReadonlyMap<string, string[]>,
  oldTypes: ReadonlyMap<string, GraphQLNamedType>,
  newTypes: ReadonlyMap<string, GraphQLNamedType>,
): void {
  const names = new Set([...before.keys(), ...after.keys()]);
  for (const name of names) {
    if (!oldTypes.has(name) || !newTypes.has(name)) continue;
    const oldKeys = before.get(name) ?? [];
    const newKeys = after.get(name) ?? [];
    const removed = oldKeys.filter((key) => !newKeys.includes(key));
    const added = newKeys.filter((key) => !oldKeys.includes(key));
    const show = (keys: string[]): string => keys.map((key) => `@key(fields: "${key}")`).join(', ');
    if (removed.length > 0 && added.length > 0) {
      emit('BREAKING', 'KEY_CHANGED', name, `type \`${name}\`: ${show(removed)} changed to ${show(added)}`);
    } else if (removed.length > 0) {
      emit('BREAKING', 'KEY_REMOVED', name, `type \`${name}\`: ${show(removed)} removed${newKeys.length === 0 ? '; it is no longer an entity of this subgraph' : ''}`);
    } else if (added.length > 0) {
      emit('SAFE', 'KEY_ADDED', name, `type \`${name}\`: ${show(added)} added`);
    }
  }
}

function diffDirectives(emit: Emit, previous: GraphQLSchema, proposed: GraphQLSchema): void {
  const custom = (schema: GraphQLSchema): Set<string> => new Set(schema.getDirectives().filter((directive) => !isSpecifiedDirective(directive)).map((directive) => directive.name));
  const before = custom(previous);
  const after = custom(proposed);
  for (const name of before) if (!after.has(name)) emit('BREAKING', 'DIRECTIVE_REMOVED', `@${name}`, `directive \`@${name}\` removed`);
  for (const name of after) if (!before.has(name)) emit('SAFE', 'DIRECTIVE_ADDED', `@${name}`, `directive \`@${name}\` added`);
}

/** A field's value may become more precise (`String` to `String!`) but not looser or different. */
function isSafeOutputTypeChange(oldType: GraphQLType, newType: GraphQLType): boolean {
  if (isListType(oldType)) {
    return (isListType(newType) && isSafeOutputTypeChange(oldType.ofType, newType.ofType)) || (isNonNullType(newType) && isSafeOutputTypeChange(oldType, newType.ofType));
  }
  if (isNonNullType(oldType)) return isNonNullType(newType) && isSafeOutputTypeChange(oldType.ofType, newType.ofType);
  return (isNamedType(newType) && oldType.name === newType.name) || (isNonNullType(newType) && isSafeOutputTypeChange(oldType, newType.ofType));
}

/** What clients send may become less constrained (`ID!` to `ID`) but not stricter or different. */
function isSafeInputTypeChange(oldType: GraphQLInputType, newType: GraphQLInputType): boolean {
  if (isListType(oldType)) return isListType(newType) && isSafeInputTypeChange(oldType.ofType, newType.ofType);
  if (isNonNullType(oldType)) {
    return (isNonNullType(newType) && isSafeInputTypeChange(oldType.ofType, newType.ofType)) || (!isNonNullType(newType) && isSafeInputTypeChange(oldType.ofType, newType));
  }
  return isNamedType(newType) && oldType.name === newType.name;
}

interface GraphqlJsEquivalent {
  pattern: RegExp;
  coordinate: (match: RegExpMatchArray) => string;
  codes: string[];
}

const FIELD = (match: RegExpMatchArray): string => `${match[1]}.${match[2]}`;
const ARG = (match: RegExpMatchArray): string => `${match[1]}.${match[2]}(${match[3]}:)`;

/** How each graphql-js change type reads, and which of our codes report the same thing. */
const GRAPHQL_JS_EQUIVALENTS: Record<string, GraphqlJsEquivalent> = {
  TYPE_REMOVED: { pattern: /^(\w+) was removed\.$/, coordinate: (m) => m[1]!, codes: ['TYPE_REMOVED'] },
  TYPE_CHANGED_KIND: { pattern: /^(\w+) changed from /, coordinate: (m) => m[1]!, codes: ['TYPE_CHANGED_KIND'] },
  TYPE_REMOVED_FROM_UNION: { pattern: /^\w+ was removed from union type (\w+)\.$/, coordinate: (m) => m[1]!, codes: ['UNION_MEMBER_REMOVED'] },
  TYPE_ADDED_TO_UNION: { pattern: /^\w+ was added to union type (\w+)\.$/, coordinate: (m) => m[1]!, codes: ['UNION_MEMBER_ADDED'] },
  VALUE_REMOVED_FROM_ENUM: { pattern: /^(\w+) was removed from enum type (\w+)\.$/, coordinate: (m) => `${m[2]}.${m[1]}`, codes: ['ENUM_VALUE_REMOVED'] },
  VALUE_ADDED_TO_ENUM: { pattern: /^(\w+) was added to enum type (\w+)\.$/, coordinate: (m) => `${m[2]}.${m[1]}`, codes: ['ENUM_VALUE_ADDED'] },
  REQUIRED_INPUT_FIELD_ADDED: { pattern: /^A required field (\w+) on input type (\w+) was added\.$/, coordinate: (m) => `${m[2]}.${m[1]}`, codes: ['REQUIRED_INPUT_FIELD_ADDED'] },
  OPTIONAL_INPUT_FIELD_ADDED: { pattern: /^An optional field (\w+) on input type (\w+) was added\.$/, coordinate: (m) => `${m[2]}.${m[1]}`, codes: ['OPTIONAL_INPUT_FIELD_ADDED'] },
  IMPLEMENTED_INTERFACE_REMOVED: { pattern: /^(\w+) no longer implements interface \w+\.$/, coordinate: (m) => m[1]!, codes: ['IMPLEMENTED_INTERFACE_REMOVED'] },
  IMPLEMENTED_INTERFACE_ADDED: { pattern: /^\w+ added to interfaces implemented by (\w+)\.$/, coordinate: (m) => m[1]!, codes: ['IMPLEMENTED_INTERFACE_ADDED'] },
  FIELD_REMOVED: { pattern: /^(\w+)\.(\w+) was removed\.$/, coordinate: FIELD, codes: ['FIELD_REMOVED', 'INPUT_FIELD_REMOVED'] },
  FIELD_CHANGED_KIND: { pattern: /^(\w+)\.(\w+) changed type from /, coordinate: FIELD, codes: ['FIELD_CHANGED_TYPE', 'INPUT_FIELD_CHANGED_TYPE', 'INPUT_FIELD_MADE_REQUIRED'] },
  ARG_REMOVED: { pattern: /^(\w+)\.(\w+) arg (\w+) was removed\.$/, coordinate: ARG, codes: ['ARG_REMOVED'] },
  ARG_CHANGED_KIND: { pattern: /^(\w+)\.(\w+) arg (\w+) has changed type from /, coordinate: ARG, codes: ['ARG_CHANGED_TYPE', 'ARG_MADE_REQUIRED'] },
  ARG_DEFAULT_VALUE_CHANGE: { pattern: /^(\w+)\.(\w+) arg (\w+) (?:has changed defaultValue|defaultValue was removed)/, coordinate: ARG, codes: ['ARG_DEFAULT_VALUE_CHANGED', 'ARG_MADE_REQUIRED'] },
  REQUIRED_ARG_ADDED: { pattern: /^A required arg (\w+) on (\w+)\.(\w+) was added\.$/, coordinate: (m) => `${m[2]}.${m[3]}(${m[1]}:)`, codes: ['REQUIRED_ARG_ADDED'] },
  OPTIONAL_ARG_ADDED: { pattern: /^An optional arg (\w+) on (\w+)\.(\w+) was added\.$/, coordinate: (m) => `${m[2]}.${m[3]}(${m[1]}:)`, codes: ['OPTIONAL_ARG_ADDED'] },
  DIRECTIVE_REMOVED: { pattern: /^(\w+) was removed\.$/, coordinate: (m) => `@${m[1]}`, codes: ['DIRECTIVE_REMOVED'] },
};

/**
 * graphql-js's own verdicts as a safety net: whatever `findBreakingChanges` or
 * `findDangerousChanges` reports that the diff above did not is added under graphql-js's
 * change type (for instance the directive changes, which `diffSchemas` reports only as
 * added or removed). A removed built-in scalar is ignored: it only means no field uses it.
 */
export function crossCheckWithGraphqlJs(previous: GraphQLSchema, proposed: GraphQLSchema, changes: SchemaChange[]): SchemaChange[] {
  const verdicts = [
    ...findBreakingChanges(previous, proposed).map((change) => ({ ...change, severity: 'BREAKING' as const })),
    ...findDangerousChanges(previous, proposed).map((change) => ({ ...change, severity: 'DANGEROUS' as const })),
  ];
  const missed: SchemaChange[] = [];
  for (const verdict of verdicts) {
    if (verdict.description.startsWith('Standard scalar ')) continue;
    const equivalent = GRAPHQL_JS_EQUIVALENTS[verdict.type];
    const match = equivalent ? verdict.description.match(equivalent.pattern) : null;
    const coordinate = equivalent && match ? equivalent.coordinate(match) : '-';
    const covered = equivalent !== undefined && changes.some((change) => change.coordinate === coordinate && equivalent.codes.includes(change.code));
    if (!covered) missed.push({ severity: verdict.severity, code: verdict.type, coordinate, description: verdict.description.replace(/\.$/, '') });
  }
  return missed.length === 0 ? changes : sortBySeverity([...changes, ...missed]);
}

const REMOVALS = new Set(['TYPE_REMOVED', 'FIELD_REMOVED', 'INPUT_FIELD_REMOVED', 'ENUM_VALUE_REMOVED', 'ARG_REMOVED']);

/**
 * Clients see the supergraph, not a subgraph: a type or field removed here but still served
 * by another subgraph (a `@shareable` type, an entity another subgraph keeps resolving, a field
 * moved with `@override`) does not break them, so it is DANGEROUS rather than BREAKING. A
 * removed type counts as still served only if every one of its fields still is.
 */
export function downgradeRemovalsStillServed(changes: SchemaChange[], previous: GraphQLSchema, supergraph: GraphQLSchema): SchemaChange[] {
  return sortBySeverity(
    changes.map((change) => {
      if (change.severity !== 'BREAKING' || !REMOVALS.has(change.code)) return change;
      const served = change.code === 'TYPE_REMOVED' ? typeStillServed(change.coordinate, previous, supergraph) : coordinateExists(supergraph, change.coordinate);
      return served ? { ...change, severity: 'DANGEROUS', description: `${change.description}; still served by another subgraph` } : change;
    }),
  );
}

function typeStillServed(name: string, previous: GraphQLSchema, supergraph: GraphQLSchema): boolean {
  const oldType = previous.getType(name);
  const newType = supergraph.getType(name);
  if (!oldType || !newType || kindName(oldType) !== kindName(newType)) return false;
  return memberCoordinates(oldType).every((coordinate) => coordinateExists(supergraph, coordinate));
}

function memberCoordinates(type: GraphQLNamedType): string[] {
  if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) return Object.keys(type.getFields()).map((field) => `${type.name}.${field}`);
  if (isEnumType(type)) return type.getValues().map((value) => `${type.name}.${value.name}`);
  return [];
}

/** Whether a schema coordinate (`Type`, `Type.member`, `Type.field(arg:)`) names something in the schema. */
export function coordinateExists(schema: GraphQLSchema, coordinate: string): boolean {
  const match = coordinate.match(/^(\w+)(?:\.(\w+)(?:\((\w+):\))?)?$/);
  if (!match) return false;
  const [, typeName, memberName, argName] = match;
  const type = schema.getType(typeName!);
  if (!type) return false;
  if (!memberName) return true;
  if (isEnumType(type)) return !argName && type.getValue(memberName) !== undefined;
  if (isScalarType(type) || isUnionType(type)) return false;
  const field = type.getFields()[memberName];
  if (!field) return false;
  if (!argName) return true;
  return 'args' in field && field.args.some((arg) => arg.name === argName);
}
