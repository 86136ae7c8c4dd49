/** A user as this subgraph knows them: only the id (user and auth resolve the rest). */
export interface UserReference {
  __typename?: 'User';
  id: string;
}

export function userReference(id: string): UserReference {
  return { __typename: 'User', id };
}
