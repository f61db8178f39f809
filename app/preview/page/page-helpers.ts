import { ZafProxyResponse, type ZafRequestOptions } from '../../../src/preview-host/index.ts';

/** The sidebar runs on the other loopback name, so it is cross-origin as in Zendesk (both names pass the SDK's origin check). */
export function appOriginFor(location: Location): string {
  const otherHost = location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  const override = new URLSearchParams(location.search).get('app_origin');
  return override ?? `${location.protocol}//${otherHost}${location.port ? `:${location.port}` : ''}`;
}

export function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`preview page lacks #${id}`);
  return found as T;
}

export async function getJson(path: string): Promise<unknown> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return response.json();
}

/** The browser half of the request proxy: the server fills in secrets, signs and forwards. */
export async function proxy(options: ZafRequestOptions): Promise<ZafProxyResponse> {
  const response = await fetch('/preview/proxy', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(options) });
  const body = await response.text();
  if (response.ok) {
    const parsed = ZafProxyResponse.safeParse(JSON.parse(body));
    if (parsed.success) return parsed.data;
  }
  // The proxy refused or the backend is down: the app sees it as Zendesk's proxy error.
  return { status: response.status, statusText: response.statusText, headers: { 'content-type': response.headers.get('content-type') ?? 'text/plain' }, body };
}

export function notify(message: string, kind: string): void {
  const toast = document.createElement('div');
  toast.textContent = message;
  toast.className = kind;
  element('notifications').append(toast);
  setTimeout(() => toast.remove(), 5_000);
}
