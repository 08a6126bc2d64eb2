// The only ways text from a rule set reaches generated SQL: identifiers through
// `quoteIdent`, string literals through `quoteLiteral`, exact numbers through `decimalText`.
// Everything else in the generated text is written by this package. Values that vary per
// run (the evaluation time) are bound parameters, never text.

export class SqlCompileError extends Error {
  override name = 'SqlCompileError';
}

function plainText(s: string, what: string): string {
  if (typeof s !== 'string') throw new SqlCompileError(`expected a string for ${what}, got ${typeof s}`);
  // PostgreSQL text cannot hold NUL, and a driver may cut a statement at one: refuse it.
  if (s.includes('\u0000')) throw new SqlCompileError(`${what} ${JSON.stringify(s)} contains a NUL character`);
  return s;
}

/**
 * A quoted identifier: `"name"`, inner double quotes doubled (SQL standard; DuckDB and
 * PostgreSQL alike). Quoted identifiers keep their case and may hold any character.
 */
export function quoteIdent(name: string): string {
  plainText(name, 'the identifier');
  if (name.length === 0) throw new SqlCompileError('an empty identifier');
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A string literal: `'text'`, inner single quotes doubled. Backslashes are ordinary
 * characters in standard strings (PostgreSQL's default standard_conforming_strings, and
 * DuckDB), and no dollar quoting is ever generated, so `\`, `;` and `$$` are plain text.
 */
export function quoteLiteral(text: string): string {
  plainText(text, 'the literal');
  return `'${text.replace(/'/g, "''")}'`;
}

const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/** An exact decimal as the digits of a SQL numeric literal, checked (never interpolated as given). */
export function decimalText(s: string): string {
  if (!DECIMAL.test(s)) throw new SqlCompileError(`not a decimal number: ${JSON.stringify(s)}`);
  return s;
}

/** A generated column or table name (ours only: lower-case letters, digits, underscores). */
export function generatedName(s: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(s)) throw new SqlCompileError(`bad generated name ${JSON.stringify(s)}`);
  return s;
}
