import { analyze, type RedactOptions } from '../redact/index.ts';
import { evaluateRedaction, type PresidioSample } from './redaction-metrics.ts';

/**
 * A planted-names set: one ticket per line, each person name in [[double brackets]], `\n` for a line break inside a
 * ticket; blank lines and lines starting with `#` are skipped. A line without brackets is a ticket without names,
 * where every PERSON finding is a false positive.
 */
export function parsePlantedNames(source: string): PresidioSample[] {
  const samples: PresidioSample[] = [];
  for (const line of source.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const marked = trimmed.replaceAll('\\n', '\n');
    let text = '';
    const spans: PresidioSample['spans'] = [];
    let cursor = 0;
    for (let open = marked.indexOf('[[', cursor); open !== -1; open = marked.indexOf('[[', cursor)) {
      const close = marked.indexOf(']]', open);
      if (close === -1) throw new Error(`unclosed [[ in planted-names line: ${trimmed.slice(0, 40)}`);
      text += marked.slice(cursor, open);
      const value = marked.slice(open + 2, close);
      spans.push({
        entity_type: 'PERSON',
        entity_value: value,
        start_position: text.length,
        end_position: text.length + value.length,
      });
      text += value;
      cursor = close + 2;
    }
    text += marked.slice(cursor);
    samples.push({ full_text: text, spans });
  }
  return samples;
}

export interface PlantedNameScores {
  /** Tickets with at least one planted name / without any. */
  readonly namedTickets: number;
  readonly cleanTickets: number;
  /** Planted names. */
  readonly names: number;
  /** Span-level PERSON scores with the overlap rule of evaluateRedaction (a name is recalled when a finding touches it). */
  readonly precision: number;
  readonly recall: number;
  readonly f2: number;
  /** Share of planted names whose every character is inside a PERSON finding: nothing of the name is left. */
  readonly wholeRecall: number;
  /** Tickets without names that got at least one PERSON finding. */
  readonly falsePositiveTickets: number;
}

/** PERSON scores of the default recognizers on a planted-names set. */
export function scorePlantedNames(samples: readonly PresidioSample[], options: RedactOptions = {}): PlantedNameScores {
  const person = evaluateRedaction(samples, options).perType['PERSON'];
  let names = 0;
  let whole = 0;
  let falsePositiveTickets = 0;
  for (const sample of samples) {
    const found = analyze(sample.full_text, options).filter((finding) => finding.type === 'PERSON');
    if (sample.spans.length === 0 && found.length > 0) falsePositiveTickets++;
    for (const span of sample.spans) {
      names++;
      let covered = true;
      for (let at = span.start_position; at < span.end_position && covered; at++)
        covered = found.some((finding) => finding.start <= at && at < finding.end);
      if (covered) whole++;
    }
  }
  const namedTickets = samples.filter((sample) => sample.spans.length > 0).length;
  return {
    namedTickets,
    cleanTickets: samples.length - namedTickets,
    names,
    precision: person?.precision ?? 1,
    recall: person?.recall ?? 1,
    f2: person?.f2 ?? 1,
    wholeRecall: names === 0 ? 1 : Math.round((whole / names) * 1000) / 1000,
    falsePositiveTickets,
  };
}
