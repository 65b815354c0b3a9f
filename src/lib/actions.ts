// The IAM actions a check needs follow from the facts it requires (FACT_SOURCES names the API operations
// behind each fact), so a check states its facts once and its permissions cannot drift from them.
import { FACT_SOURCES, type FactName } from '../snapshot/facts.js';

export function iamActions(facts: readonly FactName[]): string[] {
  const ops = facts.flatMap((f) => (FACT_SOURCES[f].source === 'aws' ? FACT_SOURCES[f].operations : []));
  return [...new Set(ops)].sort();
}
