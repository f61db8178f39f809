import { act, render } from '@testing-library/react';
import { App } from '../../../app/app.tsx';
import { ClientProvider } from '../../../app/shared/client-context.tsx';
import { StubZafClient, type RequestHandler } from './stub-zaf-client.ts';
import { backend, reviewItems, taxonomyView } from './fixtures.ts';

/** The nav_bar has no ticket: only the user and account fields. */
const navBarFields = { 'currentUser.id': 9, 'currentUser.locale': 'en-US', 'currentAccount.subdomain': 'acme' };

/** Renders the real app in the nav_bar location (the review queue) against a stub host, registered, with a backend double behind `client.request`. */
export async function renderReview(
  options: { request?: RequestHandler; fields?: Record<string, unknown>; settings?: Record<string, unknown> } = {},
) {
  const request =
    options.request ??
    backend({
      review: async () => ({ items: reviewItems() }),
      taxonomy: async () => taxonomyView,
      feedback: async () => ({ id: 'f1', duplicate: false }),
    });
  const client = new StubZafClient({
    fields: { ...navBarFields, ...options.fields },
    ...(options.settings ? { settings: options.settings } : {}),
    request,
    location: 'nav_bar',
  });
  const view = render(
    <ClientProvider client={client}>
      <App />
    </ClientProvider>,
  );
  await act(async () => client.register());
  return { client, view };
}
