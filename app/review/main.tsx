import ZAFClient from 'zendesk_app_framework_sdk';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ClientProvider } from '../shared/client-context.tsx';
import { translator } from '../shared/i18n.tsx';
import { ReviewApp } from './review-app.tsx';

const container = document.getElementById('root');
if (!container) throw new Error('review.html has no #root element');

const client = ZAFClient.init();
if (client === false) {
  // Opened outside a Zendesk host: there is no client to wait for.
  container.textContent = translator(navigator.language)('ui.review.outside_zendesk');
} else {
  createRoot(container).render(
    <StrictMode>
      <ClientProvider client={client}>
        <ReviewApp />
      </ClientProvider>
    </StrictMode>,
  );
}
