// Word-level diff of two canonical texts (longest common subsequence over words, where
// a word is a quoted string, a run of letters, digits and `._%*/-`, a two-character
// operator such as `<=`, or one other character). Whitespace
// is normalised first: the texts are canonical already, so layout never shows up.

export interface WordSegment {
  /** `=` kept, `-` only in the old text, `+` only in the new. */
  readonly op: '=' | '-' | '+';
  readonly text: string;
}

function words(text: string): string[] {
  return text.replace(/\s+/g, ' ').trim().match(/"(?:[^"\\]|\\.)*"|[A-Za-z0-9_.%*/'\[\]{}^-]+|[<>!=]=|\S/g) ?? [];
}

/** Segments from old to new; adjacent segments of one kind are joined with spaces. */
export function wordDiff(before: string, after: string): WordSegment[] {
  const a = words(before);
  const b = words(after);
  const n = a.length;
  const m = b.length;
  // Trim the common prefix and suffix: most edits touch a few words.
  let pre = 0;
  while (pre < n && pre < m && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < n - pre && suf < m - pre && a[n - 1 - suf] === b[m - 1 - suf]) suf++;
  const ai = a.slice(pre, n - suf);
  const bi = b.slice(pre, m - suf);
  const ops: { op: WordSegment['op']; word: string }[] = a.slice(0, pre).map((word) => ({ op: '=' as const, word }));
  if (ai.length * bi.length > 4_000_000) {
    for (const word of ai) ops.push({ op: '-', word });
    for (const word of bi) ops.push({ op: '+', word });
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
        ops.push({ op: '=', word: ai[i]! });
        i++;
        j++;
      } else if (j < bi.length && (i === ai.length || lcs[i * w + j + 1]! >= lcs[(i + 1) * w + j]!)) {
        ops.push({ op: '+', word: bi[j++]! });
      } else {
        ops.push({ op: '-', word: ai[i++]! });
      }
    }
  }
  for (const word of a.slice(n - suf)) ops.push({ op: '=', word });
  // Within one run of changes, removals first, then additions.
  const out: WordSegment[] = [];
  let k = 0;
  while (k < ops.length) {
    if (ops[k]!.op === '=') {
      const run: string[] = [];
      while (k < ops.length && ops[k]!.op === '=') run.push(ops[k++]!.word);
      out.push({ op: '=', text: run.join(' ') });
    } else {
      const minus: string[] = [];
      const plus: string[] = [];
      while (k < ops.length && ops[k]!.op !== '=') (ops[k]!.op === '-' ? minus : plus).push(ops[k++]!.word);
      if (minus.length > 0) out.push({ op: '-', text: minus.join(' ') });
      if (plus.length > 0) out.push({ op: '+', text: plus.join(' ') });
    }
  }
  return out;
}

/** `dose azathioprine 30% to [-70%-]{+80%+} of standard`. */
export function renderWordDiff(segments: readonly WordSegment[], style: { del: (s: string) => string; ins: (s: string) => string } = { del: (s) => `[-${s}-]`, ins: (s) => `{+${s}+}` }): string {
  return segments.map((s) => (s.op === '=' ? s.text : s.op === '-' ? style.del(s.text) : style.ins(s.text))).join(' ');
}
