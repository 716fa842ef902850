/** Test helpers shared by every workspace's tests and benchmarks: sample and generated flows. */

export { type GenerateFlowOptions, generateFlow, seededRandom } from "./generate-flow.js";
export { sampleFlow } from "./sample-flow.js";
export { callingFlow, emptyFlow } from "./subflow-flows.js";
