export * from './schema.ts';
export { parseTaxonomy, validateTaxonomy, taxonomyJsonSchema, TaxonomyError } from './parse.ts';
export {
  deriveTaxonomy,
  isEscalationLabel,
  priorityOf,
  suggestionVocabulary,
  taxonomyView,
  type Taxonomy,
} from './derive.ts';
