// Reports units UCUM does not define, and units with an offset (Cel) that cannot be compared by ratio.
import { codes } from '../../diagnostics/codes.js';
import { nodesOf } from '../../language/node-index.js';
import { suggestUnits } from '../../units/suggest-unit.js';
import { parseUnit } from '../../units/units.js';
import { declarationRule, type CheckerRule } from '../rule.js';

/** The parser's reason, without the restatement of the code that the message names already, as a sentence end. */
function reasonText(code: string, reason: string | undefined): string {
  const text = (reason ?? '').replace(`"${code}" is not a valid UCUM unit: `, '').replace(`"${code}" is not a valid UCUM unit`, '').replace(/[.\s]+$/, '');
  return text ? `: ${text}.` : '.';
}

export const invalidUnit: CheckerRule = declarationRule({
  name: 'invalid-unit',
  checkDeclaration(ctx, d, uri) {
    for (const n of nodesOf(d, 'Unit')) {
      const u = parseUnit(n.text);
      if (u.ok) continue;
      const near = suggestUnits(n.text);
      ctx.report(
        codes.invalidUnit,
        { uri: uri, range: n.range },
        { unit: n.text, reason: reasonText(n.text, u.reason) + (near.length > 0 ? ` Did you mean '${near[0]}'?` : '') },
        { fixes: near.map((s) => ({ title: `Change to '${s}'`, edits: [{ uri: uri, range: n.range, newText: s }] })) },
      );
    }
  },
});
