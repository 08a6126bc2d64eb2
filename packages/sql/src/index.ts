// Public API of the SQL back end: compile a rule set's IR to a query over a facts table
// (DuckDB, PostgreSQL), load facts into that table, and run it.
export { compileQuery, compileSummaryQuery, factColumns, FACTS_TABLE, OUTCOMES_TABLE, OUTCOME_COLUMNS, EXPLAIN_COLUMNS, outcomeColumns, type CompiledQuery, type CompileOptions, type RuleExplanation } from './compile.js';
export { DUCKDB, POSTGRES, dialectNamed, type Dialect, type DialectName } from './dialect.js';
export { quoteIdent, quoteLiteral, SqlCompileError } from './quote.js';
export { factsTableDdl, outcomesTableDdl, factType } from './schema.js';
export { OutcomeAssembler, type AssembledRecord, type OutcomeRow } from './outcomes.js';
export { SummaryAssembler, type SummaryRecord } from './summary.js';
export { columnSpecs, decimalOf, factRow, rowError, scaledDecimal, type Cell, type ColumnSpec, type RowError } from './rows.js';
export { runOnDatabase, type PreparedRecord, type RecordSink, type SqlDatabase, type SqlRunOptions } from './run.js';
export { openDuckDb } from './duckdb.js';
export { sqlFiles } from './files.js';
export { openPostgres, DatabaseError } from './postgres.js';
export { readParquet, ParquetRecordWriter, ParquetError, type ParquetRecord } from './parquet.js';
export { runParquetOnDatabase, type ParquetDatabase } from './load-parquet.js';
export { FactsParquetWriter } from './parquet-facts.js';
export { runLinesOnDatabase, type LineDatabase, type RawLine } from './load-duckdb.js';
export { rawLoadSql } from './validate-sql.js';
