// The DDL of the facts table (one row per patient, one column per input in its canonical
// unit) and of the outcomes table (one row per patient and rule outcome).
import type { IrProgram, IrType } from '@vigil/core';
import { columnType, factColumns, FACTS_TABLE, outcomeColumns, OUTCOMES_TABLE } from './compile.js';
import type { Dialect } from './dialect.js';
import { quoteIdent, SqlCompileError } from './quote.js';

/** The SQL type of an input column. */
export function factType(d: Dialect, type: IrType, key: string): string {
  switch (type.kind) {
    case 'boolean':
      return 'BOOLEAN';
    case 'text':
    case 'code':
    case 'enum':
      return d.textType;
    case 'date':
    case 'datetime':
      return d.instantType;
    case 'quantity':
      return d.decimalType;
    case 'set': {
      const e = type.element.kind;
      if (e === 'code' || e === 'enum' || e === 'text') return d.textListType;
      throw new SqlCompileError(`the input ${JSON.stringify(key)} is a set of ${e} values; the SQL back end holds sets of codes, enum members and text only`);
    }
    default:
      throw new SqlCompileError(`unknown fact type ${JSON.stringify((type as { kind: unknown }).kind)}`);
  }
}

export function factsTableDdl(ir: IrProgram, d: Dialect, table = FACTS_TABLE): string {
  const cols = factColumns(ir).map((c) => `  ${quoteIdent(c.key)} ${factType(d, c.type, c.key)}`);
  return `CREATE TABLE ${quoteIdent(table)} (\n  patient_id ${d.idType} NOT NULL PRIMARY KEY${cols.map((c) => `,\n${c}`).join('')}\n);\n`;
}

export function outcomesTableDdl(d: Dialect, table = OUTCOMES_TABLE, explain = false): string {
  const cols = outcomeColumns(explain).map((c) => `  ${c.name} ${columnType(d, c.type)}${c.name === 'patient_id' || c.name === 'rule_index' || c.name === 'status' || c.name === 'rule_id' ? ' NOT NULL' : ''}`);
  return `CREATE TABLE ${quoteIdent(table)} (\n${cols.join(',\n')}\n);\n`;
}
