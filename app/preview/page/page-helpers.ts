import { ZafProxyResponse, type ZafRequestOptions } from '../../../src/preview-host/index.ts';
// The data module, not app/shared/index.ts: the host page has no React.
import { resolveLocale, translations } from '../../shared/translations.ts';

/** Every locale the app ships (one per translations/*.json), for the agent language switch. */
export const AGENT_LOCALES: readonly string[] = Object.keys(translations).sort();

/** The agent's locale: `?locale=` when the app ships it, else the configured agent's, as the app would resolve it. */
export function agentLocale(location: Location, configured: string): string {
  const requested = new URLSearchParams(location.search).get('locale');
  return requested && translations[requested] ? requested : resolveLocale(configured);
}

/** `path` with the agent locale kept in its query, so moving between views does not lose it. */
export function withLocale(path: string, locale: string): string {
  const url = new URL(path, window.location.origin);
  url.searchParams.set('locale', locale);
  return `${url.pathname}${url.search}`;
}

/** Fills the agent language switch; choosing another language reloads the page, so the app starts in it. */
export function setUpLocalePicker(locale: string): void {
  const picker = element<HTMLSelectElement>('locale-picker');
  picker.replaceChildren(
    ...AGENT_LOCALES.map((code) => {
      const option = document.createElement('option');
      option.value = code;
      // Each language named in itself: "Deutsch", "日本語".
      const name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
      option.textContent = `${name} (${code})`;
      return option;
    }),
  );
  picker.value = locale;
  picker.addEventListener('change', () => {
    const url = new URL(window.location.href);
    url.searchParams.set('locale', picker.value);
    // The app reads currentUser.locale once, at start: a new language is a new app instance, as in Zendesk.
    window.location.assign(url.toString());
  });
  for (const link of document.querySelectorAll<HTMLAnchorElement>('[data-view]'))
    link.href = withLocale(link.getAttribute('href') ?? '/preview', locale);
}

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
  const response = await fetch('/preview/proxy', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(options),
  });
  const body = await response.text();
  if (response.ok) {
    const parsed = ZafProxyResponse.safeParse(JSON.parse(body));
    if (parsed.success) return parsed.data;
  }
  // The proxy refused or the backend is down: the app sees it as Zendesk's proxy error.
  return {
    status: response.status,
    statusText: response.statusText,
    headers: { 'content-type': response.headers.get('content-type') ?? 'text/plain' },
    body,
  };
}

export function notify(message: string, kind: string): void {
  const toast = document.createElement('div');
  toast.textContent = message;
  toast.className = kind;
  element('notifications').append(toast);
  setTimeout(() => toast.remove(), 5_000);
}
