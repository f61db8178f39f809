import { LabelledTicket, type TicketComment, type TicketStatus } from '../../src/contract/index.ts';
import { fakePerson, fakePiiFragment } from './fake-pii.ts';
import { Random } from './random.ts';
import {
  AGENT_REPLIES,
  CONTACT,
  GREETINGS,
  LABEL_WEIGHTS,
  LANGUAGES,
  SLOTS,
  TEMPLATES,
  type Language,
} from './templates.ts';

const LANGUAGE_WEIGHTS: readonly (readonly [Language, number])[] = [
  ['en', 40],
  ['de', 15],
  ['fr', 12],
  ['es', 12],
  ['ja', 11],
  ['vi', 10],
];
const URGENCY_BY_LABEL: Readonly<Record<string, readonly (readonly [string, number])[]>> = {
  outage: [
    ['urgent', 8],
    ['high', 2],
  ],
  security: [
    ['urgent', 7],
    ['high', 3],
  ],
  fraud: [
    ['urgent', 6],
    ['high', 4],
  ],
  legal_privacy: [
    ['high', 7],
    ['normal', 3],
  ],
  churn_risk: [
    ['high', 6],
    ['normal', 4],
  ],
};
const DEFAULT_URGENCY: readonly (readonly [string, number])[] = [
  ['normal', 6],
  ['low', 3],
  ['high', 1],
];
const STATUSES: readonly (readonly [TicketStatus, number])[] = [
  ['solved', 5],
  ['closed', 3],
  ['open', 2],
  ['pending', 1],
  ['new', 1],
];
const DAY_MS = 86_400_000;
/** Demo tickets end here so the data is the same whatever day it is generated. */
const END = Date.parse('2026-11-20T12:00:00Z');
const SPAN_DAYS = 180;

export interface DemoOptions {
  readonly seed?: number;
  readonly count?: number;
}

function fill(template: string, language: Language, random: Random): string {
  return template.replace(/\{(\w+)\}/g, (_whole, slot: string) => {
    if (slot === 'time') return `${7 + random.int(10)}:${random.pick(['00', '15', '30', '45'])}`;
    if (slot === 'n') return String(10 + random.int(40));
    if (slot === 'm') return String(2 + random.int(8));
    return random.pick(SLOTS[language][slot] ?? [slot]);
  });
}

function templatesFor(label: string, language: Language) {
  const templates = TEMPLATES[label]?.[language];
  if (!templates) throw new Error(`demo templates lack ${label}/${language}`);
  return templates;
}

function oneTicket(index: number, label: string, language: Language, random: Random): LabelledTicket {
  const templates = templatesFor(label, language);
  const person = fakePerson(random);
  const agent = fakePerson(random);
  const sentences = [random.pick(GREETINGS[language]), fill(random.pick(templates.bodies), language, random)];
  // A second body sentence from the same label makes tickets longer and more varied.
  if (random.next() < 0.4) sentences.push(fill(random.pick(templates.bodies), language, random));
  if (random.next() < 0.7)
    sentences.push(
      CONTACT[language].replace('{contact}', random.next() < 0.5 ? person.email : fakePiiFragment(random)),
    );
  const created = END - random.int(SPAN_DAYS * DAY_MS);
  const updated = created + random.int(5 * DAY_MS);
  const comments: TicketComment[] = [
    {
      authorRole: 'agent',
      public: true,
      authorName: agent.name,
      body: `${random.pick(AGENT_REPLIES[language])} ${agent.name}`,
      createdAt: new Date(created + 3_600_000).toISOString(),
    },
  ];
  if (random.next() < 0.5)
    comments.push({
      authorRole: 'requester',
      public: true,
      authorName: person.name,
      body: `${fakePiiFragment(random)} — ${person.name}`,
      createdAt: new Date(updated).toISOString(),
    });
  return LabelledTicket.parse({
    id: `demo-${String(index + 1).padStart(4, '0')}`,
    subject: fill(random.pick(templates.subjects), language, random),
    // the name signs off on its own line: glued to the last sentence it read as part of it ("…1881Lucía")
    description: `${sentences.join(language === 'ja' ? '' : ' ')}\n${person.name}`,
    comments,
    requester: person,
    participants: [{ name: agent.name, email: agent.email }],
    tags: [],
    status: random.weighted(STATUSES),
    locale: language,
    createdAt: new Date(created).toISOString(),
    updatedAt: new Date(updated).toISOString(),
    label,
    urgency: random.weighted(URGENCY_BY_LABEL[label] ?? DEFAULT_URGENCY),
  });
}

/** Deterministic demo tickets over the default taxonomy: every label in every language first, then a realistic skew. */
export function generateDemoTickets(options: DemoOptions = {}): LabelledTicket[] {
  const random = new Random(options.seed ?? 20261123);
  const count = options.count ?? 640;
  const plan: [string, Language][] = [];
  for (const [label] of LABEL_WEIGHTS) for (const language of LANGUAGES) plan.push([label, language]);
  while (plan.length < count) plan.push([random.weighted(LABEL_WEIGHTS), random.weighted(LANGUAGE_WEIGHTS)]);
  return plan.slice(0, count).map(([label, language], index) => oneTicket(index, label, language, random));
}
