// The lexical pieces of a UCUM expression that both readers of unit codes need: where a
// simple unit ends, and its trailing exponent. `units.ts` flattens an expression into
// atoms for conversion; `kinds.ts` walks it as a tree for kinds of quantity.

/**
 * The end of the simple unit (prefix, atom and exponent) that starts at `start`: square
 * brackets are part of it; `.`, `/`, a parenthesis or `{` outside brackets ends it.
 * -1 when a bracket is left open.
 */
export function simpleUnitEnd(code: string, start: number): number {
  let i = start;
  let depth = 0;
  while (i < code.length) {
    const c = code[i]!;
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (depth === 0 && (c === '.' || c === '/' || c === '(' || c === ')' || c === '{')) break;
    i++;
  }
  return depth === 0 ? i : -1;
}

/** A simple unit's atom and exponent: `mm3` is `mm`³, `s-1` is `s`⁻¹, `10*9` is `10*`⁹; without a trailing exponent, 1. */
export function splitExponent(token: string): [atom: string, exp: number] {
  const m = /^(.*?[^\d+-])([+-]?\d+)$/.exec(token);
  return m ? [m[1]!, Number(m[2])] : [token, 1];
}
