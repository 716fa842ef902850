/** The eight migration templates the product ships (packs/migration), by id, sorted: what the e2e tests run. */
export const TEMPLATE_IDS = [
  "assessment",
  "decommission",
  "discovery",
  "execution",
  "finops",
  "modernize",
  "observability",
  "planning",
];
