import https from 'node:https';

export interface EdgeAnswer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * One request over real HTTPS through the edge on 127.0.0.1, as `curl --cacert <ca> --resolve
 * <host>:<port>:127.0.0.1` sends it (SNI and Host from the URL), with a method, headers and a
 * body; waits up to `timeoutMs` for a held answer.
 */
export function edgeRequest(url: string, ca: Buffer, options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {}): Promise<EdgeAnswer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: '127.0.0.1',
        port: Number(target.port || 443),
        method: options.method ?? 'GET',
        path: `${target.pathname}${target.search}`,
        servername: target.hostname,
        headers: { host: target.host, ...options.headers },
        ca,
        agent: false,
        timeout: options.timeoutMs ?? 120_000,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
    request.end(options.body);
  });
}
