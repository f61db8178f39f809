import { PREVIEW_GROUPS, PreviewConfig, PreviewTicket, PreviewTicketList } from '../../../src/preview-host/index.ts';
import { allComments, createZafHost, type HostTicket, type ZafHost } from '../index.ts';
import { agentLocale, appOriginFor, element, getJson, notify, proxy, setUpLocalePicker } from './page-helpers.ts';
import { backgroundOutcome, renderBackgroundNote, setUpNewTicket } from './new-ticket.ts';
import { startReviewPane } from './review-pane.ts';
import { saveEdits, withSavedEdits } from './saved-edits.ts';

function flashIfChanged(target: HTMLElement, value: string): void {
  const container = target.closest('dd') ?? target;
  if (target.dataset.value !== undefined && target.dataset.value !== value) {
    container.classList.remove('changed');
    void container.offsetWidth;
    container.classList.add('changed');
  }
  target.dataset.value = value;
}

/** The group field of the ticket's properties: every group of the account, and "-" for none. */
function setUpGroupField(): void {
  const field = element<HTMLSelectElement>('ticket-group');
  const none = document.createElement('option');
  none.value = '';
  none.textContent = '-';
  field.replaceChildren(
    none,
    ...PREVIEW_GROUPS.map((group) => {
      const option = document.createElement('option');
      option.value = String(group.id);
      option.textContent = group.name;
      return option;
    }),
  );
}

function renderProperties(ticket: HostTicket, originalTags: readonly string[]): void {
  element('ticket-requester').textContent = `${ticket.requester.name} <${ticket.requester.email}>`;
  const group = element<HTMLSelectElement>('ticket-group');
  group.value = ticket.groupId === null || ticket.groupId === undefined ? '' : String(ticket.groupId);
  flashIfChanged(group, group.value);
  element('ticket-assignee').textContent = ticket.assignee?.name ?? '—';
  const status = element('ticket-status');
  status.textContent = ticket.status;
  status.dataset.status = ticket.status;
  for (const [id, value] of [
    ['ticket-type', ticket.type],
    ['ticket-priority', ticket.priority],
  ] as const) {
    const target = element(id);
    target.textContent = value ?? '-';
    flashIfChanged(target, value ?? '-');
  }
  const tags = element('ticket-tags');
  tags.replaceChildren(
    ...ticket.tags.map((tag) => {
      const item = document.createElement('li');
      item.textContent = tag;
      item.dataset.tag = tag;
      if (!originalTags.includes(tag)) item.className = 'added';
      return item;
    }),
  );
  flashIfChanged(tags, ticket.tags.join(' '));
}

function renderConversation(ticket: HostTicket): void {
  element('ticket-id').textContent = `Ticket #${ticket.id} · ${ticket.locale}`;
  element('ticket-subject').textContent = ticket.subject;
  element('conversation').replaceChildren(
    ...allComments(ticket).map((comment) => {
      const item = document.createElement('li');
      item.className = comment.author.role;
      const meta = document.createElement('div');
      meta.className = 'meta';
      const author = document.createElement('strong');
      author.textContent = comment.author.name;
      meta.append(author, ` · ${new Date(comment.createdAt).toLocaleString('en-GB', { timeZone: 'UTC' })} UTC`);
      const body = document.createElement('div');
      body.className = 'body';
      body.textContent = comment.body;
      item.append(meta, body);
      return item;
    }),
  );
}

async function start(): Promise<void> {
  const config = PreviewConfig.parse(await getJson('/preview/api/config'));
  // `/preview/review` is the nav_bar location: the review queue pane instead of a ticket.
  const view = window.location.pathname.replace(/\/+$/, '') === '/preview/review' ? 'review' : 'ticket';
  for (const link of document.querySelectorAll<HTMLAnchorElement>('[data-view]')) {
    if (link.dataset.view === view) link.setAttribute('aria-current', 'page');
  }
  document.body.dataset.view = view;
  const locale = agentLocale(window.location, config.currentUser.locale);
  setUpLocalePicker(locale);
  // What the host answers for currentUser.locale: the language the app shows.
  const configured = { ...config, currentUser: { ...config.currentUser, locale } };
  if (view === 'review') return startReviewPane(configured);
  return startTicketView(configured);
}

async function startTicketView(config: PreviewConfig): Promise<void> {
  const list = PreviewTicketList.parse(await getJson('/preview/api/tickets'));
  const appOrigin = appOriginFor(window.location);
  element('app-origin').textContent = `App origin: ${appOrigin} · host origin: ${window.location.origin}`;
  const picker = element<HTMLSelectElement>('ticket-picker');
  picker.replaceChildren(
    ...list.tickets.map((ticket) => {
      const option = document.createElement('option');
      option.value = String(ticket.id);
      option.textContent = `#${ticket.id} · ${ticket.subject} (${ticket.locale})`;
      return option;
    }),
  );

  let host: ZafHost | null = null;
  let frame: HTMLIFrameElement | null = null;
  let instance = 0;

  window.addEventListener('message', (event) => {
    // Only the sidebar's window speaks to this host; its origin is checked again inside the host.
    if (!host || !frame || event.source !== frame.contentWindow) return;
    void host.receive({ origin: event.origin, data: event.data });
  });

  async function openTicket(id: string): Promise<void> {
    const served = PreviewTicket.parse(await getJson(`/preview/api/tickets/${encodeURIComponent(id)}`));
    const ticket = withSavedEdits(served, window.sessionStorage);
    if (![...picker.options].some((option) => option.value === String(ticket.id))) {
      const option = document.createElement('option');
      option.value = String(ticket.id);
      // Not in the inbox: a past ticket, or one just written in through the local Zendesk (New ticket).
      option.textContent = `#${ticket.id} · ${ticket.subject} (${backgroundOutcome(ticket) ? 'new' : 'history'})`;
      picker.append(option);
    }
    picker.value = String(ticket.id);
    const url = new URL(window.location.href);
    url.searchParams.set('ticket', String(ticket.id));
    window.history.replaceState(null, '', url);
    const originalTags = [...ticket.tags];
    renderConversation(ticket);
    renderBackgroundNote(ticket);
    for (const id of ['ticket-type', 'ticket-priority', 'ticket-tags', 'ticket-group'])
      delete element(id).dataset.value;
    renderProperties(ticket, originalTags);

    // Zendesk starts a fresh app instance for each ticket tab.
    instance += 1;
    const appGuid = `preview-${instance}-${Math.random().toString(36).slice(2, 10)}`;
    const nextFrame = document.createElement('iframe');
    nextFrame.title = 'Triage Assist';
    nextFrame.dataset.testid = 'app-frame';
    // Epoch milliseconds, comparable with the app frame's clock: the browser test measures time to first draft from here.
    nextFrame.addEventListener(
      'load',
      () => (nextFrame.dataset.loadedAt = String(performance.timeOrigin + performance.now())),
      { once: true },
    );
    nextFrame.src = `${appOrigin}/assets/iframe.html?origin=${encodeURIComponent(window.location.origin)}&app_guid=${encodeURIComponent(appGuid)}`;
    const nextHost = createZafHost({
      appGuid,
      appOrigin,
      ticket,
      proxy,
      send: (message) => nextFrame.contentWindow?.postMessage(message, appOrigin),
      settings: config.settings,
      subdomain: config.subdomain,
      currentUser: config.currentUser,
      appName: config.appName,
      appVersion: config.appVersion,
      onTicketChange: (changed) => {
        saveEdits(served, changed, window.sessionStorage);
        renderProperties(changed, originalTags);
        renderConversation(changed);
      },
      onRoute: (target, routeId) => {
        if (target === 'ticket')
          void openTicket(routeId).catch((error: unknown) =>
            notify(`Cannot open ticket ${routeId}: ${String(error)}`, 'error'),
          );
        else notify(`routeTo ${target} is not part of the preview`, 'error');
      },
      onResize: ({ height }) => {
        if (height) nextFrame.style.height = /^\d+$/.test(height) ? `${height}px` : height;
      },
      onNotify: notify,
    });
    host = nextHost;
    frame = nextFrame;
    element('app-slot').replaceChildren(nextFrame);
  }

  picker.addEventListener('change', () => void openTicket(picker.value));
  setUpGroupField();
  const groupField = element<HTMLSelectElement>('ticket-group');
  // An agent choosing the group by hand: the app hears `ticket.assignee.group.id.changed`, as in Zendesk.
  groupField.addEventListener('change', () =>
    host?.assignGroup(groupField.value === '' ? null : Number(groupField.value)),
  );
  element<HTMLFormElement>('reply-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const textarea = element<HTMLTextAreaElement>('reply-body');
    const body = textarea.value.trim();
    if (!host?.ticket || body === '') return;
    host.addComment({
      author: { ...host.ticket.requester, role: 'end-user' },
      body,
      public: true,
      createdAt: new Date().toISOString(),
    });
    textarea.value = '';
  });

  if (config.backgroundTriage) setUpNewTicket(openTicket);

  const requested = new URLSearchParams(window.location.search).get('ticket');
  await openTicket(requested ?? String(list.tickets[0]?.id ?? ''));
}

start().catch((error: unknown) => notify(`The preview could not start: ${String(error)}`, 'error'));
