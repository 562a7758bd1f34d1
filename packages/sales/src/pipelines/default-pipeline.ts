import type { CreatePipelineInput } from "./pipeline-schema.js";

/**
 * The pipeline every tenant starts with. It follows the buying process of a new purchase —
 * the buyer becomes aware, grows interested, evaluates, tries, adopts — and ends won or lost.
 * Probabilities and required fields are starting points a tenant can change.
 */
export const DEFAULT_PIPELINE: CreatePipelineInput = {
  name: "New business",
  description: "The buying process of a new purchase: awareness, interest, evaluation, trial, adoption.",
  stages: [
    { key: "awareness", name: "Awareness", probability: 5 },
    { key: "interest", name: "Interest", probability: 15 },
    { key: "evaluation", name: "Evaluation", probability: 35, requiredFields: ["amount"] },
    { key: "trial", name: "Trial", probability: 60, requiredFields: ["amount", "closeDate"] },
    { key: "adoption", name: "Adoption", probability: 85, requiredFields: ["amount", "closeDate"] },
    { key: "won", name: "Won", probability: 100, kind: "won", requiredFields: ["amount", "closeDate"] },
    { key: "lost", name: "Lost", probability: 0, kind: "lost" },
  ],
};
