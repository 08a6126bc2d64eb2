// "Did you mean" for units: the UCUM codes an author most likely meant by a unit UCUM
// rejects (mcg for ug, IU for [IU], mmHg for mm[Hg], a wrong letter case), each one
// checked by the same parser that rejected the original.
import { COMMON_UNITS } from './common-units.js';
import { parseUnit } from './units.js';

/** Clinical spellings of unit atoms that are not UCUM, with the UCUM atom they mean. */
const ATOM_ALIASES: Readonly<Record<string, string>> = {
  mcg: 'ug',
  'µg': 'ug',
  'μg': 'ug',
  IU: '[IU]',
  iu: '[IU]',
  mIU: 'm[IU]',
  cc: 'mL',
  ml: 'mL',
  dl: 'dL',
  ul: 'uL',
  hr: 'h',
  hrs: 'h',
  hour: 'h',
  hours: 'h',
  sec: 's',
  mins: 'min',
  day: 'd',
  days: 'd',
  week: 'wk',
  weeks: 'wk',
  month: 'mo',
  months: 'mo',
  yr: 'a',
  year: 'a',
  years: 'a',
  mmHg: 'mm[Hg]',
  mEq: 'meq',
  lbs: '[lb_av]',
  lb: '[lb_av]',
};

const commonByLowerCase = new Map<string, string>();
for (const u of COMMON_UNITS) if (!commonByLowerCase.has(u.toLowerCase())) commonByLowerCase.set(u.toLowerCase(), u);

/** Up to three valid UCUM codes close to `code`, best first; none when `code` is valid. */
export function suggestUnits(code: string): string[] {
  if (parseUnit(code).ok) return [];
  const candidates: string[] = [];
  // The atoms between operators, each replaced by its UCUM spelling.
  const aliased = code
    .replace(/[µμ]/g, 'u')
    .split(/([./*^()]|\d+)/)
    .map((piece) => ATOM_ALIASES[piece] ?? piece)
    .join('');
  candidates.push(aliased);
  // UCUM's own hint: "IU is not a valid unit expression, but [IU] is".
  const r = parseUnit(code);
  const hint = !r.ok ? /(\S+) is not a valid unit expression, but (\S+) is/.exec(r.reason) : null;
  if (hint) candidates.push(code.split(hint[1]!).join(hint[2]!));
  // A common clinical unit that differs only in letter case.
  const common = commonByLowerCase.get(code.toLowerCase()) ?? commonByLowerCase.get(aliased.toLowerCase());
  if (common) candidates.push(common);
  const out: string[] = [];
  // Spellings that differ only in case ([IU] and [iU]) are one suggestion.
  for (const c of candidates) if (c !== code && !out.some((o) => o.toLowerCase() === c.toLowerCase()) && parseUnit(c).ok) out.push(c);
  return out.slice(0, 3);
}
