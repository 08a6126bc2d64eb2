// Reading LSP messages from a byte stream (stdio), never going deaf. The base protocol frames
// each JSON body with a `Content-Length` header. The stock reader trusts the framing: bytes
// that are not a header, or a length longer than the body, leave it waiting for input that
// never comes, and a body that is not JSON is dropped without an answer. This reader:
// - skips bytes before a `Content-Length:` header (garbage between messages);
// - answers a body that is not UTF-8 JSON with -32700 Parse error, and one that is JSON but
//   not a JSON-RPC message with -32600 Invalid Request (id null: the id cannot be known);
// - re-synchronises when a declared length runs past the next header: a header line
//   (`Content-Length: 12` then CR LF) cannot occur inside a JSON text, whose strings may not
//   hold a raw CR, so the body is cut there and answered as a parse error;
// - refuses a declared length above MAX_BODY_BYTES and skips its bytes.
// So any well-framed message that follows bad input is read and answered.
import type { Readable } from 'node:stream';
import { AbstractMessageReader, type DataCallback, type Disposable, type Message } from 'vscode-languageserver/node.js';

/** The largest message body accepted (bytes). */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

const HEADER = /Content-Length[ \t]*:/i;
/** A complete Content-Length line: impossible inside a JSON text (a raw CR cannot be in a string). */
const HEADER_LINE = /Content-Length[ \t]*:[ \t]*\d+[ \t]*\r?\n/i;

export interface FramingProblem {
  /** The JSON-RPC error code to answer with. */
  readonly code: number;
  readonly message: string;
  /** The request id when it could be read (an invalid message that still has one). */
  readonly id: string | number | null;
}

/** What is wrong with a parsed body as a JSON-RPC 2.0 message, or undefined. */
export function messageProblem(value: unknown): FramingProblem | undefined {
  const invalid = (message: string, id: string | number | null = null): FramingProblem => ({ code: -32600, message: `Invalid Request: ${message}`, id });
  if (typeof value !== 'object' || value === null) return invalid('a message must be a JSON object');
  if (Array.isArray(value)) return invalid('batch messages are not supported');
  const m = value as Record<string, unknown>;
  const id = m['id'];
  const validId = typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id));
  if ('id' in m && !validId && id !== null) return invalid('id must be a string or a number');
  if ('method' in m) {
    if (typeof m['method'] !== 'string') return invalid('method must be a string', validId ? (id as string | number) : null);
    const params = m['params'];
    if (params !== undefined && params !== null && typeof params !== 'object') return invalid('params must be an object or an array', validId ? (id as string | number) : null);
    return undefined;
  }
  if (validId && ('result' in m || 'error' in m)) return undefined; // a response to a request of ours
  return invalid('neither a request, a notification nor a response', validId ? (id as string | number) : null);
}

/**
 * A message reader over a byte stream. Problems are reported to `onProblem` (which answers
 * them); well-formed messages go to the listener.
 */
export class ResilientMessageReader extends AbstractMessageReader {
  private buffer: Buffer = Buffer.alloc(0);
  /** Length of the body being read, or -1 while looking for a header. */
  private bodyLength = -1;
  /** Bytes still to skip of a body refused for its size. */
  private skipping = 0;
  private callback: DataCallback | undefined;
  /** Chunks of a body still arriving (not yet in `buffer`), and their total length. */
  private readonly chunks: Buffer[] = [];
  private chunked = 0;

  constructor(
    private readonly readable: Readable,
    private readonly onProblem: (problem: FramingProblem) => void,
    private readonly log: (message: string) => void = () => undefined,
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (data: Buffer) => this.onData(data);
    const onError = (error: Error) => this.fireError(error);
    const onClose = () => this.fireClose();
    this.readable.on('data', onData);
    this.readable.on('error', onError);
    this.readable.on('end', onClose);
    this.readable.on('close', onClose);
    return {
      dispose: () => {
        this.readable.off('data', onData);
        this.readable.off('error', onError);
        this.readable.off('end', onClose);
        this.readable.off('close', onClose);
      },
    };
  }

  private onData(data: Buffer): void {
    // A large body arrives in many chunks: keep them apart until it is complete, looking
    // only at the new bytes (and the tail of the previous chunk) for a header.
    if (this.bodyLength >= 0 && this.skipping === 0) {
      const tail = this.chunks.length > 0 ? this.chunks[this.chunks.length - 1]!.subarray(-64) : this.buffer.subarray(-64);
      this.chunks.push(data);
      this.chunked += data.length;
      if (this.buffer.length + this.chunked < this.bodyLength && this.headerIn(Buffer.concat([tail, data])) < 0) return;
    } else {
      this.chunks.push(data);
      this.chunked += data.length;
    }
    this.buffer = Buffer.concat([this.buffer, ...this.chunks.splice(0)]);
    this.chunked = 0;
    try {
      while (this.step());
    } catch (error) {
      // A bug here must not stop the reading: drop what is buffered and go on.
      this.log(`message reader: ${error instanceof Error ? error.message : String(error)}; ${this.buffer.length} bytes dropped`);
      this.buffer = Buffer.alloc(0);
      this.bodyLength = -1;
      this.skipping = 0;
    }
  }

  /** Consumes what it can of the buffer; true when it should be called again. */
  private step(): boolean {
    if (this.skipping > 0) return this.skip();
    if (this.bodyLength < 0) return this.readHeader();
    return this.readBody();
  }

  private skip(): boolean {
    // Even a refused body ends early when a new header shows up.
    const next = this.headerIn(this.buffer.subarray(0, this.skipping));
    const n = next >= 0 ? next : Math.min(this.skipping, this.buffer.length);
    this.buffer = this.buffer.subarray(n);
    this.skipping = next >= 0 ? 0 : this.skipping - n;
    return this.buffer.length > 0 && (this.skipping === 0 || next >= 0);
  }

  /** Offset of a complete Content-Length line in `bytes`, or -1. */
  private headerIn(bytes: Buffer): number {
    // Headers are ASCII: latin1 keeps one character per byte, so offsets match.
    const m = HEADER_LINE.exec(bytes.toString('latin1'));
    return m ? m.index : -1;
  }

  private readHeader(): boolean {
    const text = this.buffer.toString('latin1');
    const start = text.search(HEADER);
    if (start < 0) {
      // No header yet: keep only a tail that could be the start of one.
      const keep = Math.min(text.length, 32);
      if (text.length > keep) this.log(`skipped ${text.length - keep} bytes that are not a message header`);
      this.buffer = this.buffer.subarray(text.length - keep);
      return false;
    }
    if (start > 0) {
      this.log(`skipped ${start} bytes that are not a message header`);
      this.buffer = this.buffer.subarray(start);
      return true;
    }
    const crlf = text.indexOf('\r\n\r\n');
    const lf = text.indexOf('\n\n');
    const ends = [crlf >= 0 ? [crlf, 4] : undefined, lf >= 0 ? [lf, 2] : undefined].filter((e): e is number[] => e !== undefined);
    if (ends.length === 0) {
      // An unterminated header followed by another header: the first was garbage.
      const again = text.slice(1).search(HEADER);
      if (again >= 0) {
        this.log('skipped an unterminated message header');
        this.buffer = this.buffer.subarray(again + 1);
        return true;
      }
      return false;
    }
    const [end, sep] = ends.sort((a, b) => a[0]! - b[0]!)[0]!;
    const head = text.slice(0, end!);
    const m = /^Content-Length[ \t]*:[ \t]*(\d+)[ \t]*$/im.exec(head);
    const length = m ? Number(m[1]) : NaN;
    const again = text.slice(1, end!).search(HEADER);
    if (!Number.isSafeInteger(length) || (again >= 0 && !m)) {
      this.log(`skipped a message header without a valid Content-Length: ${JSON.stringify(head.slice(0, 80))}`);
      this.buffer = this.buffer.subarray(again >= 0 ? again + 1 : end! + sep!);
      return true;
    }
    this.buffer = this.buffer.subarray(end! + sep!);
    if (length > MAX_BODY_BYTES) {
      this.onProblem({ code: -32600, message: `Invalid Request: a message of ${length} bytes is over the limit of ${MAX_BODY_BYTES}`, id: null });
      this.skipping = length;
      return this.buffer.length > 0;
    }
    this.bodyLength = length;
    return true;
  }

  private readBody(): boolean {
    const length = this.bodyLength;
    // A header inside the declared body means the length was wrong: cut the body there.
    const next = this.headerIn(this.buffer.subarray(0, Math.min(length, this.buffer.length)));
    if (next >= 0) {
      const body = this.buffer.subarray(0, next);
      this.buffer = this.buffer.subarray(next);
      this.bodyLength = -1;
      this.onProblem({ code: -32700, message: `Parse error: the body ended after ${body.length} of the ${length} bytes its Content-Length announced`, id: null });
      return true;
    }
    if (this.buffer.length < length) return false;
    const body = this.buffer.subarray(0, length);
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    } catch (error) {
      // A body that is not JSON may have swallowed the start of the next header (a length too
      // long by a few bytes): read again from that header. Valid JSON cannot hold one.
      const text = this.buffer.subarray(0, Math.min(this.buffer.length, length + 16)).toString('latin1');
      const header = text.search(HEADER);
      const cut = header >= 0 && header < length ? header : length;
      this.buffer = this.buffer.subarray(cut);
      this.bodyLength = -1;
      const why = cut < length ? `the body ended after ${cut} of the ${length} bytes its Content-Length announced` : error instanceof SyntaxError ? error.message : 'the body is not UTF-8';
      this.onProblem({ code: -32700, message: `Parse error: ${why}`, id: null });
      return true;
    }
    this.buffer = this.buffer.subarray(length);
    this.bodyLength = -1;
    this.deliver(value);
    return true;
  }

  private deliver(value: unknown): void {
    const problem = messageProblem(value);
    if (problem) {
      this.onProblem(problem);
      return;
    }
    try {
      this.callback?.(value as Message);
    } catch (error) {
      // A handler that throws while the message is dispatched must not cost the messages
      // buffered behind it.
      this.log(`${(value as { method?: unknown }).method ?? 'a response'} could not be handled: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
