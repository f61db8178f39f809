import { PreviewTicket } from '../../../src/preview-host/index.ts';
import { element, getJson, notify } from './page-helpers.ts';

/** The decision tags the background write-back adds (server/webhooks DECISION_TAG): one of them means it landed. */
const DECISION_TAGS = ['triage_auto', 'triage_draft', 'triage_review'];
const POLL_MS = 300;
const WAIT_MS = 30_000;

/** A customer's message to start from: an account-security scare, which the keyword rules route. */
const SAMPLE = {
  subject: 'Someone logged into my account from another country',
  description:
    'Hi, I just got an alert that my account was accessed from a device I do not recognise and my password was changed. I did not do this. Please lock the account and help me get back in.',
};

/** Whether the background write-back has reached the ticket: what it added, or null while it has not. */
export function backgroundOutcome(ticket: PreviewTicket): { decision: string; added: string[] } | null {
  const decision = ticket.tags.find((tag) => DECISION_TAGS.includes(tag));
  return decision ? { decision, added: ticket.tags } : null;
}

async function createTicket(subject: string, description: string): Promise<PreviewTicket> {
  const response = await fetch('/preview/api/tickets', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ subject, description }),
  });
  const body: unknown = await response.json();
  if (!response.ok) {
    const message = (body as { error?: { message?: string } }).error?.message ?? `answered ${response.status}`;
    throw new Error(message);
  }
  return PreviewTicket.parse(body);
}

/** Polls the local Zendesk's copy until the write-back's decision tag is on it (or gives up after WAIT_MS). */
async function triaged(id: number | string): Promise<PreviewTicket | null> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const ticket = PreviewTicket.parse(await getJson(`/preview/api/tickets/${encodeURIComponent(String(id))}`));
    if (backgroundOutcome(ticket)) return ticket;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return null;
}

/**
 * "New ticket": a customer writes in, the local Zendesk stores the ticket and sends a signed webhook, the backend
 * triages it in a job and writes tags back; once they are on the ticket, `open` shows it as an agent would find it.
 */
export function setUpNewTicket(open: (id: string) => Promise<void>): void {
  const button = element<HTMLButtonElement>('new-ticket');
  const dialog = element<HTMLDialogElement>('new-ticket-dialog');
  const form = element<HTMLFormElement>('new-ticket-form');
  const subject = element<HTMLInputElement>('new-ticket-subject');
  const description = element<HTMLTextAreaElement>('new-ticket-description');
  const status = element('new-ticket-status');
  button.hidden = false;
  button.addEventListener('click', () => {
    subject.value = SAMPLE.subject;
    description.value = SAMPLE.description;
    status.textContent = '';
    dialog.showModal();
  });
  element('new-ticket-cancel').addEventListener('click', () => dialog.close());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const submit = element<HTMLButtonElement>('new-ticket-submit');
    submit.disabled = true;
    void (async () => {
      try {
        const created = await createTicket(subject.value, description.value);
        status.textContent = `Ticket #${created.id} is in the local Zendesk. It sent a webhook; the backend is triaging it in the background…`;
        const ticket = await triaged(created.id);
        if (!ticket) {
          status.textContent = `Ticket #${created.id} was not triaged within ${WAIT_MS / 1000} s: see the server log.`;
          return;
        }
        dialog.close();
        notify(`Ticket #${ticket.id} was triaged in the background before anyone opened it.`, 'info');
        await open(String(ticket.id));
      } catch (error) {
        status.textContent = `Could not create the ticket: ${error instanceof Error ? error.message : String(error)}`;
      } finally {
        submit.disabled = false;
      }
    })();
  });
}

/** The note above a background-triaged ticket: which decision and which tags the app wrote, with no agent involved. */
export function renderBackgroundNote(ticket: PreviewTicket | null): void {
  const note = element('background-note');
  const outcome = ticket ? backgroundOutcome(ticket) : null;
  note.hidden = outcome === null;
  if (!outcome) return;
  note.textContent = `Triaged in the background by Triage Assist (webhook → job → safe update), before an agent opened it: ${outcome.decision}; tags written: ${outcome.added.join(', ')}${ticket?.priority ? `; priority ${ticket.priority}` : ''}.`;
}
