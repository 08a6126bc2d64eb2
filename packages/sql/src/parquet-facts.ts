// Validated facts as a typed Parquet file (`vigil gen-facts --out patients.parquet`): one
// row per record, one column per input of the rule set, as a warehouse extract holds them:
// quantities DECIMAL in the fact's unit (the exact decimal the engine decides on: the
// narrowest of DECIMAL(15,s), DECIMAL(18,s) and DECIMAL(38,s) that holds every value of
// the column, s its most digits after the point; a reader proves a DECIMAL of at most 15
// digits holds decimals a double stands for without counting them, see parquet-checks.ts),
// enums, codes and text VARCHAR, sets VARCHAR[], booleans BOOLEAN, dates and date-times
// TIMESTAMPTZ, NULL for a missing fact. The rows go through DuckDB's appender into an
// in-memory table, written out as a Parquet part file in a temporary folder every
// 30,720 rows and emptied, so memory stays flat; at the end the parts are read
// back in order into the Parquet file next to its target, which is renamed into place.
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { IrProgram } from '@vigil/core';
import { FACTS_TABLE } from './compile.js';
import { openDuckDb } from './duckdb.js';
import { quoteIdent, quoteLiteral } from './quote.js';
import { columnSpecs, decimalOf, rowError, type ColumnSpec, type RowError } from './rows.js';
import type { SqlDatabase } from './run.js';
import { factsTableDdl } from './schema.js';

/** Rows per row group of the file: DuckDB's own, so that a reader's threads each take one. */
const ROW_GROUP = 122_880;
/** Rows per part file: a quarter of a row group, which bounds the table in memory. */
const PART = ROW_GROUP / 4;

export class FactsParquetWriter {
  private pending: { pid: number; facts: Readonly<Record<string, unknown>> }[] = [];
  private rows = 0;
  /** Rows in the table, not yet in a part file; the part files written. */
  private inTable = 0;
  private readonly parts: string[] = [];
  /** Per decimal column (by spec index): the most digits before and after the point so far. */
  private readonly digits = new Map<number, { int: number; scale: number }>();
  private constructor(
    private readonly db: SqlDatabase,
    private readonly specs: readonly ColumnSpec[],
    private readonly folder: string,
    private readonly target: string,
    private readonly ddl: string,
  ) {}

  static async create(ir: IrProgram, target: string): Promise<FactsParquetWriter> {
    const folder = mkdtempSync(join(tmpdir(), 'vigil-facts-'));
    try {
      const db = await openDuckDb({ threads: 1, memoryLimit: '256MB', tempDirectory: join(folder, 'spill') });
      // No key: the table only carries rows to a part file.
      const ddl = factsTableDdl(ir, db.dialect, FACTS_TABLE).replace(' NOT NULL PRIMARY KEY', ' NOT NULL');
      await db.execute(ddl);
      return new FactsParquetWriter(db, columnSpecs(ir), folder, target, ddl);
    } catch (error) {
      rmSync(folder, { recursive: true, force: true });
      throw error;
    }
  }

  /** Adds the next record's validated facts; the input the file cannot hold exactly (see rowError), if any, and then nothing is added. */
  async write(facts: Readonly<Record<string, unknown>>): Promise<RowError | undefined> {
    const error = rowError(this.specs, facts, this.db.dialect);
    if (error) return error;
    this.specs.forEach((spec, i) => {
      const v = facts[spec.key];
      if (spec.kind !== 'decimal' || typeof v !== 'number') return;
      const d = decimalOf(v);
      const int = d.text.replace(/^-/, '').split('.')[0]!.replace(/^0+/, '').length;
      const seen = this.digits.get(i);
      if (!seen) this.digits.set(i, { int, scale: d.scale });
      else {
        seen.int = Math.max(seen.int, int);
        seen.scale = Math.max(seen.scale, d.scale);
      }
    });
    this.pending.push({ pid: ++this.rows, facts });
    if (this.pending.length >= 8_192) await this.flush();
    return undefined;
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    await this.db.insert(FACTS_TABLE, this.pending, this.specs);
    this.inTable += this.pending.length;
    this.pending = [];
    if (this.inTable >= PART) await this.writePart();
  }

  /** The table's rows as the next part file; the table emptied (dropped: DuckDB's TRUNCATE keeps an in-memory table's storage). */
  private async writePart(): Promise<void> {
    if (this.inTable === 0) return;
    const part = join(this.folder, `part-${String(this.parts.length).padStart(6, '0')}.parquet`);
    await this.db.execute(`COPY (SELECT * FROM ${quoteIdent(FACTS_TABLE)}) TO ${quoteLiteral(part)} (FORMAT parquet)`);
    this.parts.push(part);
    await this.db.execute(`DROP TABLE ${quoteIdent(FACTS_TABLE)}`);
    await this.db.execute(this.ddl);
    this.inTable = 0;
  }

  async close(): Promise<void> {
    try {
      await this.flush();
      await this.writePart();
      const partial = join(dirname(this.target), `.${basename(this.target)}.${process.pid}.partial`);
      try {
        const cols = this.specs.map((s, i) => (s.kind === 'decimal' ? `CAST(${quoteIdent(s.key)} AS ${this.decimalType(i)}) AS ${quoteIdent(s.key)}` : quoteIdent(s.key))).join(', ');
        // In record order without a sort: a scan keeps the order of its files and rows (preserve_insertion_order).
        const from = this.parts.length === 0 ? quoteIdent(FACTS_TABLE) : `read_parquet([${this.parts.map(quoteLiteral).join(', ')}])`;
        await this.db.execute(`COPY (SELECT ${cols} FROM ${from}) TO ${quoteLiteral(partial)} (FORMAT parquet, ROW_GROUP_SIZE ${ROW_GROUP})`);
        renameSync(partial, this.target);
      } catch (error) {
        rmSync(partial, { force: true });
        throw error;
      }
    } finally {
      await this.release();
    }
  }

  /** The narrowest of DECIMAL(15,s), (18,s), (38,s) that holds the column's values (rowError kept them within DECIMAL(38,18)). */
  private decimalType(i: number): string {
    const d = this.digits.get(i) ?? { int: 0, scale: 0 };
    const p = [15, 18, 38].find((p) => d.int + d.scale <= p)!;
    return `DECIMAL(${p},${d.scale})`;
  }

  async abort(): Promise<void> {
    this.pending = [];
    await this.release();
  }

  private released = false;
  private async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.db.close();
    rmSync(this.folder, { recursive: true, force: true });
  }
}
