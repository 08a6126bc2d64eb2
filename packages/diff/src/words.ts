// Word-level diff of two canonical texts (longest common subsequence over words, where
// a word is a quoted string, a run of letters, digits and `._%*/-`, a two-character
// operator such as `<=`, or one other character). Whitespace
// is normalised first: the texts are canonical already, so layout never shows up.

export interface WordSegment {
  /** `=` kept, `-` only in the old text, `+` only in the new. */
  readonly op: '=' | '-' | '+';
  /** The words, spaced as written. */
  readonly text: string;
  /** `false` when the text was written against what precedes it (`metabolizer:`); absent means a space. */
  readonly space?: false;
}

interface Word {
  readonly text: string;
  /** Whitespace came before it where it was written. */
  readonly space: boolean;
}

const WORD = /"(?:[^"\\]|\\.)*"|[A-Za-z0-9_.%*/'\[\]{}^-]+|[<>!=]=|\S/g;

function words(text: string): Word[] {
  const t = text.replace(/\s+/g, ' ').trim();
  const out: Word[] = [];
  for (const m of t.matchAll(WORD)) out.push({ text: m[0], space: m.index > 0 && t[m.index - 1] === ' ' });
  return out;
}

/** Words joined as they were written: a space only where there was one. */
function join(ws: readonly Word[]): string {
  return ws.map((w, i) => (i > 0 && w.space ? ' ' : '') + w.text).join('');
}

/** Segments from old to new; adjacent segments of one kind are joined with spaces. */
export function wordDiff(before: string, after: string): WordSegment[] {
  const wa = words(before);
  const wb = words(after);
  // Words compare by text; where they were written (spacing) follows the new text when kept.
  const a = wa.map((w) => w.text);
  const b = wb.map((w) => w.text);
  const n = a.length;
  const m = b.length;
  // Trim the common prefix and suffix: most edits touch a few words.
  let pre = 0;
  while (pre < n && pre < m && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < n - pre && suf < m - pre && a[n - 1 - suf] === b[m - 1 - suf]) suf++;
  const ai = a.slice(pre, n - suf);
  const bi = b.slice(pre, m - suf);
  const ops: { op: WordSegment['op']; word: Word }[] = wb.slice(0, pre).map((word) => ({ op: '=' as const, word }));
  if (ai.length * bi.length > 4_000_000) {
    for (const word of wa.slice(pre, n - suf)) ops.push({ op: '-', word });
    for (const word of wb.slice(pre, m - suf)) ops.push({ op: '+', word });
  } else {
    const w = bi.length + 1;
    const lcs = new Uint32Array((ai.length + 1) * w);
    for (let i = ai.length - 1; i >= 0; i--) {
      for (let j = bi.length - 1; j >= 0; j--) {
        lcs[i * w + j] = ai[i] === bi[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < ai.length || j < bi.length) {
      if (i < ai.length && j < bi.length && ai[i] === bi[j]) {
        ops.push({ op: '=', word: wb[pre + j]! });
        i++;
        j++;
      } else if (j < bi.length && (i === ai.length || lcs[i * w + j + 1]! >= lcs[(i + 1) * w + j]!)) {
        ops.push({ op: '+', word: wb[pre + j++]! });
      } else {
        ops.push({ op: '-', word: wa[pre + i++]! });
      }
    }
  }
  for (const word of wb.slice(m - suf)) ops.push({ op: '=', word });
  // Within one run of changes, removals first, then additions.
  const out: WordSegment[] = [];
  const segment = (op: WordSegment['op'], ws: readonly Word[], space = ws[0]!.space) => out.push({ op, text: join(ws), ...(out.length > 0 && !space ? { space: false as const } : {}) });
  let k = 0;
  while (k < ops.length) {
    if (ops[k]!.op === '=') {
      const run: Word[] = [];
      while (k < ops.length && ops[k]!.op === '=') run.push(ops[k++]!.word);
      segment('=', run);
    } else {
      const minus: Word[] = [];
      const plus: Word[] = [];
      while (k < ops.length && ops[k]!.op !== '=') (ops[k]!.op === '-' ? minus : plus).push(ops[k++]!.word);
      const atStart = out.length === 0;
      if (minus.length > 0) segment('-', minus);
      // An insertion beside a removal is spaced from it as the removal was from what precedes it.
      if (plus.length > 0) segment('+', plus, minus.length > 0 ? atStart || minus[0]!.space : plus[0]!.space);
    }
  }
  return out;
}

/** `dose azathioprine 30% to [-70%-] {+80%+} of standard`; punctuation stays where it was written. */
export function renderWordDiff(segments: readonly WordSegment[], style: { del: (s: string) => string; ins: (s: string) => string } = { del: (s) => `[-${s}-]`, ins: (s) => `{+${s}+}` }): string {
  return segments.map((s, i) => `${i > 0 && s.space !== false ? ' ' : ''}${s.op === '=' ? s.text : s.op === '-' ? style.del(s.text) : style.ins(s.text)}`).join('');
}
