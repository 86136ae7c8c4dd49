/**
 * Where the API is. Served by the gateway, the console is on the API's own origin; the Vite
 * dev server (port 5173) talks to the gateway at `VITE_API_URL` (default
 * `http://localhost:4000/graphql`), which allows that origin through CORS.
 */
export interface ApiEndpoint {
  httpUrl: string;
  wsUrl: string;
}

export function apiEndpoint(location: Pick<Location, 'origin'>, configured: string | undefined, dev: boolean): ApiEndpoint {
  const httpUrl = configured || (dev ? 'http://localhost:4000/graphql' : `${location.origin}/graphql`);
  return { httpUrl, wsUrl: httpUrl.replace(/^http/, 'ws') };
}

export const endpoint = apiEndpoint(window.location, import.meta.env.VITE_API_URL as string | undefined, import.meta.env.DEV);
