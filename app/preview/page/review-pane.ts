import type { PreviewConfig } from '../../../src/preview-host/index.ts';
import { createZafHost, type ZafHost } from '../index.ts';
import { appOriginFor, element, notify, proxy, withLocale } from './page-helpers.ts';

/**
 * The nav_bar location: the review queue in a full pane, with no ticket. The frame loads the app's one page
 * (`assets/iframe.html`); the host registers it in the nav_bar location, so the app shows its review queue.
 * `routeTo('ticket', id)` opens the ticket view, as Zendesk opens a ticket tab; coming back to this pane fires
 * `pane.activated`.
 */
export function startReviewPane(config: PreviewConfig): void {
  const appOrigin = appOriginFor(window.location);
  element('app-origin-pane').textContent = `App origin: ${appOrigin} · host origin: ${window.location.origin}`;
  const appGuid = `preview-review-${Math.random().toString(36).slice(2, 10)}`;
  const frame = document.createElement('iframe');
  frame.title = 'Triage Assist review queue';
  frame.dataset.testid = 'review-frame';
  frame.src = `${appOrigin}/assets/iframe.html?origin=${encodeURIComponent(window.location.origin)}&app_guid=${encodeURIComponent(appGuid)}`;
  const host: ZafHost = createZafHost({
    appGuid,
    appOrigin,
    location: 'nav_bar',
    ticket: null,
    proxy,
    send: (message) => frame.contentWindow?.postMessage(message, appOrigin),
    settings: config.settings,
    subdomain: config.subdomain,
    currentUser: config.currentUser,
    appName: config.appName,
    appVersion: config.appVersion,
    onRoute: (target, routeId) => {
      if (target === 'ticket')
        window.location.assign(withLocale(`/preview?ticket=${encodeURIComponent(routeId)}`, config.currentUser.locale));
      else notify(`routeTo ${target} is not part of the preview`, 'error');
    },
    onNotify: notify,
  });
  window.addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow) return;
    void host.receive({ origin: event.origin, data: event.data });
  });
  // Switching back to a tab that shows this page is Zendesk's "returned to the app pane".
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') host.fire('pane.activated');
  });
  element('review-slot').replaceChildren(frame);
}
