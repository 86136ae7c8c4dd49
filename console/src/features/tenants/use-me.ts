import { useQuery } from '@apollo/client/react';
import { ME } from './tenants.documents';

/** The signed-in user with their organizations (one query, shared by the whole console through the cache). */
export function useMe() {
  const { data, loading, error } = useQuery(ME);
  return { me: data?.me ?? null, loading: loading && !data, error };
}
