export { decisionFor, modelDecisionFor, belowInScopeFloor } from './decision.ts';
export {
  decide,
  mostCriticalLabel,
  RULE_CONFIDENCE,
  ESCALATION_MARGIN,
  ESCALATION_FLOOR,
  NO_LABEL,
  NO_MODEL_REASON,
  OUT_OF_SCOPE_REASON,
  type DecideInput,
  type Decided,
} from './decide.ts';
