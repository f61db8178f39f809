import { act, render } from '@testing-library/react';
import { App } from '../../../app/app.tsx';
import { ClientProvider } from '../../../app/shared/client-context.tsx';
import { StubZafClient, type RequestHandler } from './stub-zaf-client.ts';
import { backend, taxonomyView, ticketFields, triageResult } from './fixtures.ts';

/** Renders the real app in the ticket_sidebar location against a stub host, registered, with a backend double behind `client.request`. */
export async function renderSidebar(
  options: {
    request?: RequestHandler;
    fields?: Record<string, unknown>;
    settings?: Record<string, unknown>;
    register?: boolean;
  } = {},
) {
  const feedback: unknown[] = [];
  const request =
    options.request ??
    backend({
      triage: async () => triageResult(),
      taxonomy: async () => taxonomyView,
      feedback: async (body) => {
        feedback.push(body);
        return { id: `f${feedback.length}`, duplicate: false };
      },
    });
  const client = new StubZafClient({
    fields: { ...ticketFields, ...options.fields },
    ...(options.settings ? { settings: options.settings } : {}),
    request,
  });
  const view = render(
    <ClientProvider client={client}>
      <App />
    </ClientProvider>,
  );
  if (options.register !== false) await act(async () => client.register());
  return { client, view, feedback };
}

/** Feedback bodies the backend received (from recorded requests). */
export function postedFeedback(client: StubZafClient): Array<Record<string, unknown>> {
  return client
    .requests()
    .filter((request) => request.url.endsWith('/v1/feedback'))
    .map((request) => JSON.parse(request.data ?? '{}') as Record<string, unknown>);
}
