import http from 'node:http';

/** A GraphQL response as a client sees it, with the HTTP status. */
export interface GraphQLResponse<TData = Record<string, unknown>> {
  status: number;
  data?: TData | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
  /** Connect from this local address (e.g. 127.0.0.2: a caller other than the gateway). */
  localAddress?: string;
}

/** POSTs one operation to a GraphQL endpoint, as any HTTP client would. */
export async function graphql<TData = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: RequestOptions = {},
): Promise<GraphQLResponse<TData>> {
  const headers = {
    'content-type': 'application/json',
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...options.headers,
  };
  const body = JSON.stringify({ query, variables });
  const response = options.localAddress
    ? await postFrom(options.localAddress, url, headers, body)
    : await fetch(url, { method: 'POST', headers, body }).then(async (r) => ({ status: r.status, text: await r.text() }));
  let parsed: Omit<GraphQLResponse<TData>, 'status'>;
  try {
    parsed = JSON.parse(response.text) as Omit<GraphQLResponse<TData>, 'status'>;
  } catch {
    throw new Error(`non-JSON response ${response.status}: ${response.text.slice(0, 500)}`);
  }
  return { status: response.status, ...parsed };
}

/** `fetch` cannot choose its source address; node:http can. */
function postFrom(localAddress: string, url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers, localAddress }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** The data of a response that must have no errors; throws with the errors otherwise. */
export function dataOf<TData>(response: GraphQLResponse<TData>): TData {
  if (response.errors?.length || !response.data) {
    throw new Error(`GraphQL errors (HTTP ${response.status}): ${JSON.stringify(response.errors, null, 2)}`);
  }
  return response.data;
}

/** The `extensions.code` of every error of a response. */
export function errorCodes(response: GraphQLResponse<unknown>): unknown[] {
  return (response.errors ?? []).map((error) => error.extensions?.code);
}
