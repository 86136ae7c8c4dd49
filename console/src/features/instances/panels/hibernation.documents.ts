import { graphql } from '../../../__generated__';

export const HIBERNATE_INSTANCE = graphql(`
  mutation HibernateInstance($id: ID!) {
    hibernateInstance(id: $id) {
      ...OperationFields
      instance {
        ...InstanceFields
      }
    }
  }
`);

export const SET_INSTANCE_HIBERNATION = graphql(`
  mutation SetInstanceHibernation($id: ID!, $disabled: Boolean!) {
    setInstanceHibernation(id: $id, disabled: $disabled) {
      id
      hibernationDisabled
    }
  }
`);
