// The local AWS simulator's public face: start it with an estate, point the collectors' endpoint at it.
export type { Estate } from './estate.js';
export type { FaultKind, FaultRule, RateLimit } from './faults.js';
export { type SimRequest, type Simulator, type SimulatorOptions, startSimulator } from './server.js';
