// The variables of the analysis: one per fact part a patient may supply (`wbc`,
// `alt_baseline`, `alt_uln`), keyed by its name in a facts file, with the domain the
// solver reasons over.
import type { IrFact, IrFactRef, IrProgram, IrType } from '../ir/ir.js';

export type PartDomain = 'quantity' | 'date' | 'enum' | 'boolean' | 'set' | 'code' | 'text';

export interface PartInfo {
  /** The name in a facts file: `alt`, `alt_baseline`. */
  readonly key: string;
  /** The name in Vigil source: `alt`, `alt.baseline`. */
  readonly display: string;
  readonly fact: string;
  readonly part: IrFactRef['part'];
  readonly domain: PartDomain;
  readonly type: IrType;
  /** Quantities: the unit values are held in. */
  readonly unit?: string;
  /** Enums and booleans: every value, in declaration order. */
  readonly values?: readonly string[];
  /** Position for stable ordering in witnesses. */
  readonly order: number;
}

export function partKey(ref: IrFactRef): string {
  return ref.part === 'value' ? ref.fact : `${ref.fact}_${ref.part}`;
}

function domainOf(type: IrType): PartDomain {
  switch (type.kind) {
    case 'quantity':
      return 'quantity';
    case 'date':
    case 'datetime':
      return 'date';
    case 'enum':
      return 'enum';
    case 'boolean':
      return 'boolean';
    case 'set':
      return 'set';
    case 'code':
      return 'code';
    case 'text':
      return 'text';
  }
}

/** Every fact part of a program, plus parts met on the way that the facts block does not declare. */
export class PartRegistry {
  private readonly parts = new Map<string, PartInfo>();
  private readonly facts = new Map<string, IrFact>();

  constructor(program: IrProgram) {
    for (const f of program.facts) {
      this.facts.set(f.name, f);
      this.add({ fact: f.name, part: 'value' }, f.type);
      if (f.baseline) this.add({ fact: f.name, part: 'baseline' }, f.type);
      if (f.uln) this.add({ fact: f.name, part: 'uln' }, f.type);
    }
  }

  private add(ref: IrFactRef, type: IrType): PartInfo {
    const key = partKey(ref);
    const domain = domainOf(type);
    const info: PartInfo = {
      key,
      display: ref.part === 'value' ? ref.fact : `${ref.fact}.${ref.part}`,
      fact: ref.fact,
      part: ref.part,
      domain,
      type,
      ...(type.kind === 'quantity' ? { unit: type.unit } : {}),
      ...(type.kind === 'enum' ? { values: type.values } : type.kind === 'boolean' ? { values: ['false', 'true'] } : {}),
      order: this.parts.size,
    };
    this.parts.set(key, info);
    return info;
  }

  /** The part a reference names; `type` is used only for an undeclared fact. */
  resolve(ref: IrFactRef, type?: IrType): PartInfo {
    return this.parts.get(partKey(ref)) ?? this.add(ref, type ?? { kind: 'text' });
  }

  get(key: string): PartInfo | undefined {
    return this.parts.get(key);
  }

  fact(name: string): IrFact | undefined {
    return this.facts.get(name);
  }

  all(): readonly PartInfo[] {
    return [...this.parts.values()];
  }
}
