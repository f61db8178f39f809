import type {
  EscalationLink,
  TaxonomyView,
  TriageResult,
  ZendeskPriority,
  ZendeskTicketType,
} from '../../src/contract/index.ts';
import { correctionTarget } from './use-suggestion-actions.ts';

/**
 * `confirmed`: the escalation process applies (red banner). `possible`: the model leans to an escalation label but is
 * unsure, so a person should look before anyone is alarmed.
 */
export type EscalationState = { kind: 'confirmed'; linkedTo: EscalationLink | null } | { kind: 'possible' } | null;

/** What the sidebar shows: the suggestion as triaged, or as a person corrected it. */
export interface ShownSuggestion {
  readonly labelId: string;
  readonly labelName: string;
  readonly priority: ZendeskPriority;
  readonly ticketType: ZendeskTicketType;
  readonly escalation: EscalationState;
  /** Strong enough to present as an answer (red, primary Accept): see isTrusted; a person's correction is. */
  readonly trusted: boolean;
  /** The suggested label's name when a person corrected it; null otherwise. */
  readonly correctedFrom: string | null;
}

/**
 * A suggestion is presented as an answer only when the thresholds let it be applied or drafted, or a keyword rule
 * (chosen by people) fired. Below the review threshold the model is unsure, and the sidebar says so.
 */
export function isTrusted(result: TriageResult): boolean {
  return result.decision !== 'review' || result.label.source === 'rule';
}

function nameOf(taxonomy: TaxonomyView | null, labelId: string): string {
  return taxonomy?.labels.find((label) => label.id === labelId)?.name ?? labelId;
}

/**
 * The suggestion to show. `correctedLabel`: the label a person chose (now, or stored from an earlier visit); the
 * label, its priority, type and escalation banner then follow it, as written to the ticket.
 */
export function shownSuggestion(
  result: TriageResult,
  taxonomy: TaxonomyView | null,
  correctedLabel: string | null,
): ShownSuggestion {
  if (correctedLabel !== null && correctedLabel !== result.label.name) {
    const target = correctionTarget(result, taxonomy, correctedLabel);
    const escalation = taxonomy?.labels.find((label) => label.id === correctedLabel)?.escalation ?? false;
    return {
      labelId: correctedLabel,
      labelName: nameOf(taxonomy, correctedLabel),
      priority: target.priority,
      ticketType: target.ticketType,
      // The open escalation it was linked to was found for the suggested label: it is no twin of this one.
      escalation: escalation ? { kind: 'confirmed', linkedTo: null } : null,
      trusted: true,
      correctedFrom: nameOf(taxonomy, result.label.name),
    };
  }
  const trusted = isTrusted(result);
  return {
    labelId: result.label.name,
    labelName: nameOf(taxonomy, result.label.name),
    priority: result.urgency.priority,
    ticketType: result.ticketType,
    escalation: !result.escalation.isEscalation
      ? null
      : trusted
        ? { kind: 'confirmed', linkedTo: result.escalation.linkedTo }
        : { kind: 'possible' },
    trusted,
    correctedFrom: null,
  };
}
