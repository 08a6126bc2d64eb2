// A byte-level client for protocol tests: writes exactly the bytes a test gives (bad framing,
// invalid JSON, messages out of order) to the bundled server on stdio and reads its framed
// answers itself, so nothing between the test and the server corrects the input.
import { spawn, type ChildProcess } from 'node:child_process';
import { ensureServerBuilt, SERVER } from './client.js';

export interface RpcMessage {
  readonly jsonrpc?: string;
  readonly id?: string | number | null;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: { code: number; message: string };
}

export function frame(body: string | object): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return `Content-Length: ${Buffer.byteLength(text, 'utf8')}\r\n\r\n${text}`;
}

export class RawClient {
  readonly received: RpcMessage[] = [];
  readonly stderr: string[] = [];
  exitCode: number | null = null;
  private buffer = Buffer.alloc(0);
  private waiters: { test: (m: RpcMessage) => boolean; resolve: (m: RpcMessage) => void }[] = [];
  private exited: Promise<number | null>;
  private nextId = 1000;

  private constructor(readonly proc: ChildProcess) {
    proc.stdout!.on('data', (d: Buffer) => this.onData(d));
    proc.stderr!.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    proc.stdin!.on('error', () => undefined); // writes after exit
    this.exited = new Promise((resolve) => proc.on('exit', (code) => resolve((this.exitCode = code))));
  }

  static async start(): Promise<RawClient> {
    await ensureServerBuilt();
    return new RawClient(spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  /** Starts a server and completes the initialize handshake. */
  static async initialized(rootUri: string | null = null): Promise<RawClient> {
    const c = await RawClient.start();
    const r = await c.request('initialize', { processId: null, rootUri, capabilities: {} });
    if (r.error) throw new Error(`initialize failed: ${r.error.message}`);
    c.notify('initialized', {});
    return c;
  }

  write(bytes: string | Buffer): void {
    this.proc.stdin!.write(bytes);
  }

  send(message: object): void {
    this.write(frame({ jsonrpc: '2.0', ...message }));
  }

  notify(method: string, params?: unknown): void {
    this.send({ method, ...(params !== undefined ? { params } : {}) });
  }

  /** Sends a request and resolves with its answer (result or error) within `timeoutMs`. */
  request(method: string, params?: unknown, timeoutMs = 10_000): Promise<RpcMessage> {
    const id = this.nextId++;
    this.send({ id, method, ...(params !== undefined ? { params } : {}) });
    return this.waitFor((m) => m.id === id && m.method === undefined, timeoutMs, `an answer to ${method} #${id}`);
  }

  waitFor(test: (m: RpcMessage) => boolean, timeoutMs = 10_000, what = 'a matching message', past = true): Promise<RpcMessage> {
    if (past) {
      const hit = this.received.find(test);
      if (hit) return Promise.resolve(hit);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms (exit code ${this.exitCode})`)), timeoutMs);
      this.waiters.push({ test, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  /** Resolves with the exit code, or null when the process is still running after `timeoutMs` (it is then killed). */
  async exit(timeoutMs = 5_000): Promise<number | null> {
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
    const code = await Promise.race([this.exited, timeout]);
    if (code === 'timeout') {
      this.proc.kill('SIGKILL');
      return null;
    }
    return code;
  }

  kill(): void {
    if (this.exitCode === null) this.proc.kill('SIGKILL');
  }

  /** What the server wrote to stderr, for checks that no stack trace leaked. */
  get errorOutput(): string {
    return this.stderr.join('');
  }

  private onData(data: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const m = /Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString('latin1'));
      if (!m) throw new Error(`server wrote a header without Content-Length: ${this.buffer.subarray(0, end).toString()}`);
      const length = Number(m[1]);
      if (this.buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8')) as RpcMessage;
      this.buffer = this.buffer.subarray(end + 4 + length);
      this.received.push(message);
      if (message.method === 'workspace/configuration' || message.method === 'client/registerCapability' || message.method === 'window/workDoneProgress/create') {
        this.send({ id: message.id, result: message.method === 'workspace/configuration' ? [] : null });
      }
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(message)) return true;
        w.resolve(message);
        return false;
      });
    }
  }
}

/** Lines of stderr and logged messages that look like a stack trace or an internal failure. */
export function traces(text: string): string[] {
  return text.split('\n').filter((l) => /^\s+at .+[:(]\d+|TypeError|RangeError|ReferenceError|Cannot read properties/.test(l));
}
