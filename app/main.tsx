import ZAFClient from 'zendesk_app_framework_sdk';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { ClientProvider } from './shared/client-context.tsx';
import { translator } from './shared/i18n.tsx';

const container = document.getElementById('root');
if (!container) throw new Error('iframe.html has no #root element');

const client = ZAFClient.init();
if (client === false) {
  // Opened outside a Zendesk host: there is no client to wait for, nor a location to show.
  container.textContent = translator(navigator.language)('ui.error.outside_zendesk');
} else {
  createRoot(container).render(
    <StrictMode>
      <ClientProvider client={client}>
        <App />
      </ClientProvider>
    </StrictMode>,
  );
}
