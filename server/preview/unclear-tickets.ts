/**
 * Incoming tickets of the kind every helpdesk gets and no keyword settles: vague, several topics at once, or a
 * follow-up without context. The generated demo tickets are all clear enough that the model is sure of them,
 * so without these the review queue of a fresh `npm start` would stay empty. Whether one lands in review is the
 * model's call at triage time; nothing here says so.
 */
export interface UnclearTicket {
  readonly subject: string;
  readonly description: string;
  readonly locale: string;
  readonly requester: { readonly name: string; readonly email: string };
}

export const UNCLEAR_TICKETS: readonly UnclearTicket[] = [
  {
    subject: 'Question about my account',
    description: 'Hi, I have a question about my account and the last invoice, can someone call me back?',
    locale: 'en',
    requester: { name: 'Maria Keller', email: 'maria.keller@example.com' },
  },
  {
    subject: 'It does not work',
    description: 'Since the update it does not work anymore. Please help.',
    locale: 'en',
    requester: { name: 'Tom Becker', email: 'tom.becker@example.com' },
  },
  {
    subject: 'Following up',
    description: 'Just following up on my earlier message, any news?',
    locale: 'en',
    requester: { name: 'Priya Nair', email: 'priya.nair@example.com' },
  },
  {
    subject: 'Problem with the export and my plan',
    description: 'The export stopped after we changed plan last week, is that related to billing or a bug?',
    locale: 'en',
    requester: { name: 'Jonas Weber', email: 'jonas.weber@example.com' },
  },
  {
    subject: 'Petite question',
    description: 'Bonjour, est-ce possible de changer cela dans les paramètres ? Merci.',
    locale: 'fr',
    requester: { name: 'Claire Martin', email: 'claire.martin@example.com' },
  },
  {
    subject: 'Thanks',
    description: 'Thanks for your help last time. One more thing: where can I see that?',
    locale: 'en',
    requester: { name: 'Sam Lee', email: 'sam.lee@example.com' },
  },
  {
    subject: 'Frage zu unserem Vertrag',
    description: 'Wir überlegen, ob wir den Vertrag verlängern. Können Sie uns die Optionen erklären?',
    locale: 'de',
    requester: { name: 'Lena Wolf', email: 'lena.wolf@example.com' },
  },
  {
    subject: 'Ayuda por favor',
    description: 'No entiendo qué pasó con mi cuenta ayer, ¿me pueden ayudar?',
    locale: 'es',
    requester: { name: 'Diego Ruiz', email: 'diego.ruiz@example.com' },
  },
];
