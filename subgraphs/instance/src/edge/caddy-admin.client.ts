/** Caddy's admin API (JSON over loopback HTTP): the only way the platform changes the edge. */
export class CaddyAdminClient {
  constructor(private readonly adminUrl: string) {}

  /** The running config, or null when Caddy has none (just started). */
  async config(): Promise<Record<string, unknown> | null> {
    const response = await this.call('GET', '/config/');
    const text = await response.text();
    const value = text.trim() === '' ? null : (JSON.parse(text) as unknown);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  }

  /** Replaces the whole config (first round, or when its base changed). */
  load(config: unknown): Promise<void> {
    return this.send('POST', '/load', config);
  }

  /** Inserts a value into an array at `index` (PUT on an array index inserts). */
  insert(path: string, index: number, value: unknown): Promise<void> {
    return this.send('PUT', `/config/${path}/${index}`, value);
  }

  /** Replaces the value at `path` (e.g. a server's whole routes array). */
  set(path: string, value: unknown): Promise<void> {
    return this.send('PATCH', `/config/${path}`, value);
  }

  /** Replaces the object with this `@id`. */
  replace(id: string, value: unknown): Promise<void> {
    return this.send('PATCH', `/id/${encodeURIComponent(id)}`, value);
  }

  remove(id: string): Promise<void> {
    return this.send('DELETE', `/id/${encodeURIComponent(id)}`);
  }

  private async send(method: string, path: string, body?: unknown): Promise<void> {
    const response = await this.call(method, path, body);
    await response.arrayBuffer();
  }

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    try {
      return await this.callOnce(method, path, body);
    } catch (error) {
      // A kept-alive connection Caddy closed while reloading ("other side closed"): once more on
      // a new one, for what is idempotent (an insert might have been applied).
      if (!(error instanceof TypeError) || (method === 'PUT' && path.startsWith('/config/'))) throw error;
      return this.callOnce(method, path, body);
    }
  }

  private async callOnce(method: string, path: string, body?: unknown): Promise<Response> {
    const response = await fetch(`${this.adminUrl}${path}`, {
      method,
      // Caddy refuses admin requests whose Origin it does not expect; none is sent here.
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`caddy admin ${method} ${path}: ${response.status} ${(await response.text()).slice(0, 300)}`);
    return response;
  }
}
