// The leak analysis' public surface: decoding what requests carry, the input shape, the thresholds.
// The leak checks themselves are in the one registry, src/analyze/checks/index.ts.
export type { Carrier, CarrierLocation } from "./decode.js";
export { requestCarriers } from "./decode.js";
export { LEAK_THRESHOLDS, type Threshold } from "./thresholds.js";
export type * from "./types.js";
