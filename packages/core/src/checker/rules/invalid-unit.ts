// Reports units UCUM does not define, and units with an offset (Cel) that cannot be compared by ratio.
import { codes } from '../../diagnostics/codes.js';
import { forEachNode } from '../../language/walk.js';
import { parseUnit } from '../../units/units.js';
import type { CheckerRule } from '../rule.js';

export const invalidUnit: CheckerRule = {
  name: 'invalid-unit',
  phase: 'semantic',
  check(ctx) {
    for (const file of ctx.model.files) {
      forEachNode(file.document, (n) => {
        if (n.kind !== 'Unit') return;
        const u = parseUnit(n.text);
        if (!u.ok) ctx.report(codes.invalidUnit, { uri: file.uri, range: n.range }, { unit: n.text, reason: u.reason ? `: ${u.reason}` : '' });
      });
    }
  },
};
