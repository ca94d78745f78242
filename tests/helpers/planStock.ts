/** Stock from the factory and the plan document alone: the engine's planStock reads nothing the plan's maker computed. */
export { planStock } from '../../src/engine/planStock';
