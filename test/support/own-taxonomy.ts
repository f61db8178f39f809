/**
 * A small valid taxonomy YAML an installation may hold as its own: by default `billing` (also in the shipped file)
 * and `shipping` (only here). The schema wants at least two labels with three examples each.
 */
export const ownTaxonomy = (version: string, labels: readonly string[] = ['billing', 'shipping']): string =>
  [
    `version: "${version}"`,
    'thresholds: { auto: 0.85, review: 0.6, escalationLink: 0.55, similar: 0.25 }',
    'labels:',
    ...labels.map(
      (id) =>
        `  - { id: ${id}, name: ${id}, description: "${id} questions.", ticketType: question, defaultUrgency: normal, examples: ["${id} one", "${id} two", "${id} three"] }`,
    ),
    'urgency:',
    '  - { id: normal, name: Normal, description: Someone waits., priority: normal }',
    '  - { id: urgent, name: Urgent, description: Now., priority: urgent }',
    '',
  ].join('\n');
