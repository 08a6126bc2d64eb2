// `vigil run --out decisions.csv`: the output records as CSV, one row per record in output
// order, with the columns of the Parquet output: `record`, `status` (`decided` or `error`)
// and `json` (the record's NDJSON line, byte for byte, quoted with doubled quotes). The
// line has no line break inside (JSON.stringify escapes them), so a row is one line.
import { LineWriter, type RecordWriter } from './evaluate.js';

const RECORD_LINE = /^\{"record":(\d+),"(error)?/;

export class CsvRecordWriter implements RecordWriter {
  private started = false;
  constructor(private readonly lines: LineWriter) {}

  static toFile(path: string, shown = path): CsvRecordWriter {
    return new CsvRecordWriter(LineWriter.toFile(path, shown));
  }

  async write(text: string): Promise<void> {
    if (!this.started) {
      this.started = true;
      await this.lines.write('record,status,json\r\n');
    }
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const m = RECORD_LINE.exec(line);
      if (!m) throw new Error(`not an output record: ${line.slice(0, 60)}`);
      await this.lines.write(`${m[1]},${m[2] ? 'error' : 'decided'},"${line.replaceAll('"', '""')}"\r\n`);
    }
  }

  flush(): Promise<void> {
    return this.lines.flush();
  }

  async close(): Promise<void> {
    // An empty run still has its header.
    if (!this.started) await this.write('');
    await this.lines.close();
  }

  abort(): void {
    this.lines.abort();
  }
}
