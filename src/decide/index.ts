export { decisionFor } from './decision.ts';
export {
  decide,
  mostCriticalLabel,
  RULE_CONFIDENCE,
  ESCALATION_MARGIN,
  ESCALATION_FLOOR,
  type DecideInput,
  type Decided,
} from './decide.ts';
