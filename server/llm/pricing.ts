/** USD per one million tokens, as providers publish them. */
export interface TokenPrices {
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
}

/** What one call cost, from the usage the endpoint reported. */
export function costOf(usage: { tokensIn: number; tokensOut: number }, prices: TokenPrices): number {
  const usd = (usage.tokensIn * prices.inputPerMillion + usage.tokensOut * prices.outputPerMillion) / 1_000_000;
  // Round to a micro-dollar so sums stay readable and stable.
  return Math.round(usd * 1e6) / 1e6;
}
