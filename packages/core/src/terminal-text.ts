// The one escaping function for text bound for a terminal or a log. Rule text, facts and
// fixtures can carry escape sequences (ESC, 8-bit CSI/OSC) that would recolour, retitle or
// rewrite the screen, and bidirectional controls that reorder a displayed line; every
// text output goes through `escapeControls`, so none of them reaches the terminal raw.

// C0 controls but tab and line feed, DEL, C1 controls, and the bidirectional embeddings,
// overrides and isolates (U+202A–U+202E, U+2066–U+2069).
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
// The same, plus a colour sequence the output itself may use (SGR: reset, bold, dim,
// foreground colours), matched first so that it can be let through.
const CONTROL_OR_COLOUR = /\u001B\[(?:0|1|2|22|3[0-9]|9[0-7])m|[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

export interface EscapeOptions {
  /** Let plain colour sequences (`ESC[31m`, `ESC[39m`, …) through: for output whose colours Vigil adds. */
  readonly keepColours?: boolean;
}

/**
 * `text` with every control character written as `\uXXXX` (ESC becomes `\u001b`), tab and
 * line feed kept. The form is JSON's own escape, so JSON output stays valid and decodes to
 * the same data; in text output it shows what was there.
 */
export function escapeControls(text: string, options: EscapeOptions = {}): string {
  const pattern = options.keepColours ? CONTROL_OR_COLOUR : CONTROL;
  pattern.lastIndex = 0;
  if (!pattern.test(text)) return text;
  pattern.lastIndex = 0;
  return text.replace(pattern, (m) => (m.length > 1 ? m : `\\u${m.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/**
 * A fact value as a facts file or fixture gave it, for an explanation line:
 * `6.5 10*9/L`, `[allopurinol, rxnorm:519]`, `missing`.
 */
export function formatFactValue(value: unknown): string {
  if (value === null || value === undefined) return 'missing';
  if (Array.isArray(value)) return `[${value.map(formatFactValue).join(', ')}]`;
  if (typeof value === 'object') {
    const q = value as { value?: unknown; unit?: unknown };
    if (q.value !== undefined && typeof q.unit === 'string') return `${String(q.value)} ${q.unit}`;
    return JSON.stringify(value);
  }
  return String(value);
}
