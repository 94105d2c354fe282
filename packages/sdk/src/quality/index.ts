/** Data-quality results in Luco's generic format, and the Great Expectations adapter. */

export type { QualityAction } from './action.js';
export { CheckResult, type CheckArgValue, type CheckResultDict, type CheckResultInit } from './check-result.js';
export { CollectionResult, type CollectionResultDict, type CollectionResultInit } from './collection-result.js';
export { isGreatExpectationsResult, resolveQualityResult } from './resolve.js';
export {
  convertExpectationToCheck,
  convertSuiteToCollection,
  GREAT_EXPECTATIONS_TOOL,
  type ExpectationConversionOptions,
  type ExpectationMetaField,
  type MetadataMappings,
  type SuiteConversionOptions,
  type SuiteMappings,
  type SuiteMetaField,
} from './great-expectations.js';
export type { JsonObject, JsonPrimitive, JsonValue } from './json.js';
