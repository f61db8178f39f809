export {
  compileRules,
  matchRules,
  suggestTags,
  urgencyFromKeywords,
  type RuleSet,
  type RuleMatch,
} from './rule-set.ts';
export { foldForMatch } from './keyword-matcher.ts';
