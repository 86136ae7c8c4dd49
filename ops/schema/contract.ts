import {
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  print,
  Source,
  type TypeNode,
} from 'graphql';

export interface ContractViolation {
  code: string;
  coordinate: string;
  message: string;
}

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * Checks the composed API schema against the public contract (`API.graphql`): every type,
 * field, argument and enum value it names still exists, with a type that clients' existing
 * operations still accept (a field may become non-null, an argument nullable, not the
 * reverse), and no root field gained a required argument the contract does not list.
 */
export function checkContract(contractSdl: string, supergraph: GraphQLSchema, contractName = 'API.graphql'): ContractViolation[] {
  const violations: ContractViolation[] = [];
  const violation = (code: string, coordinate: string, message: string): void => {
    violations.push({ code, coordinate, message });
  };
  const contract = parse(new Source(contractSdl, contractName));
  for (const definition of contract.definitions) {
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) {
      const typeName = definition.name.value;
      const type = supergraph.getType(typeName);
      if (!type || !(isObjectType(type) || isInterfaceType(type))) {
        violation('CONTRACT_TYPE_MISSING', typeName, `type \`${typeName}\` is not in the supergraph${type ? ' as an object type' : ''}`);
        continue;
      }
      const fields = type.getFields();
      for (const fieldNode of definition.fields ?? []) {
        const coordinate = `${typeName}.${fieldNode.name.value}`;
        const field = fields[fieldNode.name.value];
        if (!field) {
          violation(ROOT_TYPES.has(typeName) ? 'CONTRACT_ROOT_FIELD_MISSING' : 'CONTRACT_FIELD_MISSING', coordinate, `field \`${coordinate}\` is not in the supergraph`);
          continue;
        }
        if (!acceptsOutput(fieldNode.type, field.type)) {
          violation('CONTRACT_FIELD_TYPE_CHANGED', coordinate, `field \`${coordinate}\` is \`${String(field.type)}\`; the contract says \`${print(fieldNode.type)}\``);
        }
        const contractArgs = new Set<string>();
        for (const argNode of fieldNode.arguments ?? []) {
          contractArgs.add(argNode.name.value);
          const argCoordinate = `${coordinate}(${argNode.name.value}:)`;
          const arg = field.args.find((candidate) => candidate.name === argNode.name.value);
          if (!arg) violation('CONTRACT_ARG_MISSING', argCoordinate, `argument \`${argCoordinate}\` is not in the supergraph`);
          else if (!acceptsInput(argNode.type, arg.type)) {
            violation('CONTRACT_ARG_TYPE_CHANGED', argCoordinate, `argument \`${argCoordinate}\` is \`${String(arg.type)}\`; the contract says \`${print(argNode.type)}\``);
          }
        }
        for (const arg of field.args) {
          if (!contractArgs.has(arg.name) && isNonNullType(arg.type) && arg.defaultValue === undefined) {
            violation('CONTRACT_REQUIRED_ARG_ADDED', `${coordinate}(${arg.name}:)`, `field \`${coordinate}\` has a required argument \`${arg.name}\` the contract does not list`);
          }
        }
      }
    } else if (definition.kind === Kind.ENUM_TYPE_DEFINITION) {
      const typeName = definition.name.value;
      const type = supergraph.getType(typeName);
      if (!type || !isEnumType(type)) {
        violation('CONTRACT_TYPE_MISSING', typeName, `enum \`${typeName}\` is not in the supergraph`);
        continue;
      }
      for (const valueNode of definition.values ?? []) {
        if (!type.getValue(valueNode.name.value)) {
          violation('CONTRACT_ENUM_VALUE_MISSING', `${typeName}.${valueNode.name.value}`, `enum value \`${typeName}.${valueNode.name.value}\` is not in the supergraph`);
        }
      }
    } else if (definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) {
      const typeName = definition.name.value;
      const type = supergraph.getType(typeName);
      if (!type || !isInputObjectType(type)) {
        violation('CONTRACT_TYPE_MISSING', typeName, `input \`${typeName}\` is not in the supergraph`);
        continue;
      }
      const fields = type.getFields();
      for (const fieldNode of definition.fields ?? []) {
        if (!fields[fieldNode.name.value]) violation('CONTRACT_FIELD_MISSING', `${typeName}.${fieldNode.name.value}`, `input field \`${typeName}.${fieldNode.name.value}\` is not in the supergraph`);
      }
    }
  }
  return violations;
}

/** A client selecting a field typed as the contract says still gets a value of that shape. */
function acceptsOutput(contract: TypeNode, actual: GraphQLOutputType): boolean {
  if (contract.kind === Kind.NON_NULL_TYPE) return isNonNullType(actual) && acceptsOutput(contract.type, actual.ofType);
  if (isNonNullType(actual)) return acceptsOutput(contract, actual.ofType);
  if (contract.kind === Kind.LIST_TYPE) return isListType(actual) && acceptsOutput(contract.type, actual.ofType);
  return !isListType(actual) && actual.name === contract.name.value;
}

/** A client sending a value typed as the contract says is still accepted. */
function acceptsInput(contract: TypeNode, actual: GraphQLInputType): boolean {
  if (isNonNullType(actual)) return contract.kind === Kind.NON_NULL_TYPE && acceptsInput(contract.type, actual.ofType);
  if (contract.kind === Kind.NON_NULL_TYPE) return acceptsInput(contract.type, actual);
  if (contract.kind === Kind.LIST_TYPE) return isListType(actual) && acceptsInput(contract.type, actual.ofType);
  return !isListType(actual) && actual.name === contract.name.value;
}
