import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Ticket } from '../../../src/contract/index.ts';
import { createLocalClassifier, predict, type TrainedModel } from '../../../src/model/index.ts';
import { redactTicket } from '../../../src/redact/index.ts';
import type { Taxonomy } from '../../../src/taxonomy/index.ts';
import { modelText, triageTicket } from '../../../src/triage/index.ts';
import { CliError } from '../errors.ts';
import { readModelFile } from '../model-file.ts';
import { DEFAULT_TAXONOMY, loadTaxonomyFile } from '../taxonomy-file.ts';

const SCORES_SHOWN = 5;

/**
 * `triage classify --model MODEL [TEXT]`: one JSON result for TEXT, or one JSON line per ticket read as JSONL
 * from stdin. With a model over the taxonomy's labels the full pipeline runs (redact → rules → model → decide)
 * and prints contract TriageResults; otherwise (a benchmark model) it prints the model's redacted prediction.
 */
export function registerClassify(program: Command): void {
  program
    .command('classify')
    .description(
      'classify TEXT, or JSONL tickets on stdin, with a trained model; prints JSON (TriageResults when the model uses the taxonomy labels)',
    )
    .requiredOption('--model <file>', 'model file written by triage train')
    .option('--taxonomy <file>', `taxonomy for the pipeline (default ${DEFAULT_TAXONOMY})`)
    .argument('[text]', 'text to classify; JSONL tickets are read from stdin when omitted')
    .action(async (text: string | undefined, options: { model: string; taxonomy?: string }) => {
      const model = readModelFile(options.model);
      const taxonomy = loadTaxonomyFile(options.taxonomy ?? DEFAULT_TAXONOMY);
      const tickets = text === undefined ? readTicketsFromStdin() : [ticketOfText(text)];
      const usesTaxonomy = model.labels.every((label) => taxonomy.labelById.has(label));
      for (const ticket of tickets) {
        const result = usesTaxonomy ? await triageWithModel(ticket, model, taxonomy) : predictionOf(ticket, model);
        process.stdout.write(`${JSON.stringify(result)}\n`);
      }
    });
}

function triageWithModel(ticket: Ticket, model: TrainedModel, taxonomy: Taxonomy): ReturnType<typeof triageTicket> {
  return triageTicket(ticket, {
    taxonomy,
    local: createLocalClassifier(model),
    now: () => new Date(),
    versions: { model: model.version, prompt: null },
  });
}

function predictionOf(ticket: Ticket, model: TrainedModel): Record<string, unknown> {
  const prediction = predict(model, modelText(redactTicket(ticket).ticket));
  return {
    ticketId: ticket.id,
    label: prediction.label,
    confidence: prediction.confidence,
    scores: prediction.scores.slice(0, SCORES_SHOWN),
    urgency: prediction.urgency,
    urgencyConfidence: prediction.urgencyConfidence,
    evidence: prediction.evidence,
    modelVersion: model.version,
  };
}

function ticketOfText(text: string): Ticket {
  const ticket = Ticket.safeParse({ id: 'text-1', description: text });
  if (!ticket.success)
    throw new CliError('BAD_TEXT', `TEXT cannot be classified: ${ticket.error.issues[0]?.message ?? 'invalid'}`);
  return ticket.data;
}

function readTicketsFromStdin(): Ticket[] {
  let input: string;
  try {
    input = readFileSync(0, 'utf8');
  } catch (error) {
    throw new CliError('STDIN_UNREADABLE', 'no TEXT given and stdin could not be read', { cause: error });
  }
  const tickets: Ticket[] = [];
  input.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new CliError('BAD_JSONL', `stdin line ${index + 1} is not valid JSON`, { cause: error });
    }
    const ticket = Ticket.safeParse(value);
    if (!ticket.success) {
      const issue = ticket.error.issues[0];
      throw new CliError(
        'BAD_TICKET',
        `stdin line ${index + 1} is not a ticket: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    tickets.push(ticket.data);
  });
  if (tickets.length === 0)
    throw new CliError('EMPTY_DATA', 'no TEXT given and no tickets on stdin (one JSON ticket per line)');
  return tickets;
}
