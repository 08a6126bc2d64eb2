// Reports value-set member codes in an unknown code system.
import { codes } from '../../diagnostics/codes.js';
import type { CheckerRule } from '../rule.js';

export const CODE_SYSTEMS = ['rxnorm', 'snomed', 'icd10', 'loinc', 'atc'] as const;

export const unknownCodeSystem: CheckerRule = {
  name: 'unknown-code-system',
  phase: 'semantic',
  check(ctx) {
    for (const vs of ctx.model.valueSets.values())
      for (const m of vs.decl.members)
        for (const c of m.codes)
          if (!(CODE_SYSTEMS as readonly string[]).includes(c.system.value.toLowerCase()))
            ctx.report(codes.unknownCodeSystem, { uri: vs.uri, range: c.system.range }, { system: c.system.value, systems: CODE_SYSTEMS.join(', ') });
  },
};
