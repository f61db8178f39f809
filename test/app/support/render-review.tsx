import { act, render } from '@testing-library/react';
import { ClientProvider } from '../../../app/shared/client-context.tsx';
import { ReviewApp } from '../../../app/review/review-app.tsx';
import { StubZafClient, type RequestHandler } from './stub-zaf-client.ts';
import { backend, reviewItems, taxonomyView } from './fixtures.ts';

/** The nav_bar has no ticket: only the user and account fields. */
const navBarFields = { 'currentUser.id': 9, 'currentUser.locale': 'en-US', 'currentAccount.subdomain': 'acme' };

/** Renders the real review queue against a stub host, registered, with a backend double behind `client.request`. */
export async function renderReview(options: { request?: RequestHandler; fields?: Record<string, unknown>; settings?: Record<string, unknown> } = {}) {
  const request =
    options.request ??
    backend({
      review: async () => ({ items: reviewItems() }),
      taxonomy: async () => taxonomyView,
      feedback: async () => ({ id: 'f1', duplicate: false }),
    });
  const client = new StubZafClient({ fields: { ...navBarFields, ...options.fields }, ...(options.settings ? { settings: options.settings } : {}), request });
  const view = render(
    <ClientProvider client={client}>
      <ReviewApp />
    </ClientProvider>,
  );
  await act(async () => client.register());
  return { client, view };
}
