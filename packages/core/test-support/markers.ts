// Test helpers in the manner of Langium's: `<|…|>` marks a range in source text and `<|>`
// a cursor; the markers are stripped and their offsets returned.

export interface Marked {
  readonly text: string;
  readonly ranges: readonly { start: number; end: number }[];
  readonly cursors: readonly number[];
}

export function mark(input: string): Marked {
  let text = '';
  const ranges: { start: number; end: number }[] = [];
  const cursors: number[] = [];
  const open: number[] = [];
  for (let i = 0; i < input.length; ) {
    if (input.startsWith('<|>', i)) {
      cursors.push(text.length);
      i += 3;
    } else if (input.startsWith('<|', i)) {
      open.push(text.length);
      i += 2;
    } else if (input.startsWith('|>', i) && open.length) {
      ranges.push({ start: open.pop()!, end: text.length });
      i += 2;
    } else {
      text += input[i];
      i++;
    }
  }
  ranges.sort((a, b) => a.start - b.start);
  return { text, ranges, cursors };
}

/** Facts whose absence each needs its own rule (for the uncovered-missing tests). */
export const REQUIRED_FACTS = `ruleset t version "1"
facts {
  tpmt: enum { normal, intermediate, low, absent }
  wbc: quantity 10*9/L
  platelets: quantity 10*9/L
  alt: quantity U/L baseline uln
  bilirubin: quantity umol/L uln
  daily_dose: quantity mg/d
  pregnant: boolean
  allograft: boolean
  meds: set of code
  diagnosis: code
  symptoms: set of enum { fever, rash }
  last_dose: datetime
  weight: quantity kg
  note: text
}
valueset xoi "Xanthine oxidase inhibitors" { allopurinol rxnorm "519", febuxostat rxnorm "73689" }
`;

// Every fact optional, so that checker tests see only the diagnostics they are about.
export const BASE_FACTS = REQUIRED_FACTS.replace(/^(  \w+: .*)$/gm, '$1 optional');
