/**
 * The setup a lot needs on a machine after another: the setup matrix between their setup groups
 * (a step's `setupGroup`, else the item's colour, else the item), the step's own setup when there
 * is no matrix, and at least the allergen cleaning where the previous lot carries an allergen the
 * next does not declare. Shared by the schedule's self-check and the Gantt's re-timing.
 */
import type { Factory } from '../../domain/types';

export type AllergenRule = Extract<Factory['sequenceRules'][number], { type: 'allergen-last' }>;

export class Changeovers {
  private readonly items: Map<string, Factory['items'][number]>;
  private readonly routings: Map<string, Factory['routings'][number]>;
  private readonly matrices: Map<string, Factory['setupMatrices'][number]>;

  constructor(private readonly factory: Factory) {
    this.items = new Map(factory.items.map((item) => [item.id, item]));
    this.routings = new Map(factory.routings.map((routing) => [routing.item, routing]));
    this.matrices = new Map(factory.setupMatrices.map((matrix) => [matrix.resource, matrix]));
  }

  step(item: string, step: number) {
    return this.routings.get(item)?.steps.find((candidate) => candidate.step === step);
  }

  group(item: string, step: number): string {
    return this.step(item, step)?.setupGroup ?? this.items.get(item)?.attributes?.color ?? item;
  }

  allergenRule(resource: string): AllergenRule | undefined {
    return this.factory.sequenceRules.find((rule): rule is AllergenRule => rule.type === 'allergen-last' && rule.resource === resource);
  }

  /** Minutes of setup before `next` on a machine of `resource` after `previous` (none: the first lot). */
  required(resource: string, previous: { item: string; step: number } | undefined, next: { item: string; step: number }): { minutes: number; cleaning: boolean } {
    const step = this.step(next.item, next.step);
    let minutes = 0;
    if (!previous) minutes = step?.setupMinutes ?? 0;
    else if (this.group(previous.item, previous.step) !== this.group(next.item, next.step)) {
      const matrix = this.matrices.get(resource);
      minutes = matrix ? (matrix.entries.find((entry) => entry.from === this.group(previous.item, previous.step) && entry.to === this.group(next.item, next.step))?.minutes ?? matrix.defaultMinutes) : (step?.setupMinutes ?? 0);
    }
    const rule = this.allergenRule(resource);
    const before = previous ? (this.items.get(previous.item)?.attributes?.allergens ?? []) : [];
    const after = new Set(this.items.get(next.item)?.attributes?.allergens ?? []);
    const cleaning = rule !== undefined && before.some((allergen) => !after.has(allergen));
    if (cleaning) minutes = Math.max(minutes, rule.cleaningMinutes);
    return { minutes, cleaning };
  }

  /** Run minutes per unit of a step on a machine; undefined where the step may not run there. */
  runMinutes(item: string, step: number, machine: string): number | undefined {
    const entry = this.step(item, step);
    return entry?.machines ? entry.machines.find((candidate) => candidate.machine === machine)?.runMinutesPerUnit : entry?.runMinutesPerUnit;
  }
}
