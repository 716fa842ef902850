/**
 * The application profile the assessment handlers read (usually `=input`): one JSON Schema for their params
 * forms and the TypeScript shape the scoring and 6R rules use. Every field but the name is optional: a missing
 * fact earns no points, so scores only credit what the input shows.
 */

export type BusinessValue = "low" | "medium" | "high";

export interface ApplicationProfile {
  application?: string;
  loc?: number;
  integrations?: number;
  dataVolumeGb?: number;
  techStackAgeYears?: number;
  testCoverage?: number;
  compliance?: string[];
  containerised?: boolean;
  cicd?: boolean;
  businessValue?: BusinessValue;
  endOfLife?: boolean;
  saasAvailable?: boolean;
  mustStayOnPremises?: boolean;
  activeUsers?: number;
}

/** JSON Schema of an application profile (extra fields are allowed and ignored). */
export const applicationProfileSchema = {
  type: "object",
  title: "Application profile",
  description: "What is known about the application; usually =input.",
  properties: {
    application: { type: "string", title: "Application", description: "name of the application" },
    loc: { type: "integer", minimum: 0, title: "Lines of code" },
    integrations: { type: "integer", minimum: 0, title: "Integrations", description: "interfaces to other systems" },
    dataVolumeGb: { type: "number", minimum: 0, title: "Data volume (GB)" },
    techStackAgeYears: { type: "number", minimum: 0, title: "Tech stack age (years)" },
    testCoverage: { type: "number", minimum: 0, maximum: 100, title: "Test coverage (%)" },
    compliance: {
      type: "array",
      items: { type: "string" },
      title: "Compliance regimes",
      description: "e.g. pci, hipaa, gdpr, sox",
    },
    containerised: { type: "boolean", title: "Already containerised" },
    cicd: { type: "boolean", title: "Has CI/CD" },
    businessValue: { type: "string", enum: ["low", "medium", "high"], title: "Business value" },
    endOfLife: { type: "boolean", title: "End of life", description: "the business plans to drop it" },
    saasAvailable: { type: "boolean", title: "SaaS alternative available" },
    mustStayOnPremises: { type: "boolean", title: "Must stay on premises", description: "e.g. data residency" },
    activeUsers: { type: "integer", minimum: 0, title: "Monthly active users" },
  },
  additionalProperties: true,
} as const;
