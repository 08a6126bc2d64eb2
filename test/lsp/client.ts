// A real LSP client for the end-to-end tests: spawns the bundled server on stdio and
// speaks JSON-RPC to it with vscode-jsonrpc. No mocks: every message goes over the pipe.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type Diagnostic, type InitializeResult, type MessageConnection } from '@vigil/lsp/test';

export const ROOT = join(import.meta.dirname, '../..');
export const SERVER = join(ROOT, 'packages/lsp/dist/server.mjs');

let built: Promise<void> | undefined;

/** Builds the server bundle once per test process (the build is atomic, so parallel files are safe). */
export function ensureServerBuilt(): Promise<void> {
  built ??= (async () => {
    const mod = (await import(pathToFileURL(join(ROOT, 'scripts/build-lsp.mjs')).href)) as { buildLsp(o: { log(l: string): void }): Promise<unknown> };
    await mod.buildLsp({ log: () => undefined });
    if (!existsSync(SERVER) || statSync(SERVER).size === 0) throw new Error('server bundle missing');
  })();
  return built;
}

export interface Published {
  readonly uri: string;
  readonly version?: number;
  readonly diagnostics: Diagnostic[];
}

export class LspClient {
  readonly published: Published[] = [];
  private waiters: { test: (p: Published) => boolean; resolve: (p: Published) => void }[] = [];
  readonly stderr: string[] = [];
  /** Messages the server logged (window/logMessage): handler failures show up here. */
  readonly logs: string[] = [];
  exitCode: number | null = null;

  private constructor(
    readonly proc: ChildProcess,
    readonly conn: MessageConnection,
  ) {}

  /** `command`: the server's arguments to node (default: the bundled server on stdio). */
  static async start(rootDir: string, capabilities: Record<string, unknown> = {}, command: readonly string[] = [SERVER, '--stdio']): Promise<{ client: LspClient; init: InitializeResult }> {
    await ensureServerBuilt();
    const proc = spawn(process.execPath, [...command], { stdio: ['pipe', 'pipe', 'pipe'] });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const client = new LspClient(proc, conn);
    proc.stderr!.on('data', (d: Buffer) => client.stderr.push(d.toString()));
    proc.on('exit', (code) => (client.exitCode = code));
    conn.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      client.published.push(p);
      client.waiters = client.waiters.filter((w) => {
        if (!w.test(p)) return true;
        w.resolve(p);
        return false;
      });
    });
    conn.onNotification('window/logMessage', (p: { message: string }) => client.logs.push(p.message));
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('workspace/configuration', () => []);
    conn.listen();
    const rootUri = pathToFileURL(rootDir).href;
    const init = (await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'ws' }],
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } }, workspace: { workspaceFolders: true }, ...capabilities },
    })) as InitializeResult;
    await conn.sendNotification('initialized', {});
    return { client, init };
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.conn.sendNotification(method, params);
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'vigil', version, text } });
  }

  /** Replaces the whole text (a full-content change). */
  replace(uri: string, version: number, text: string): Promise<void> {
    return this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  edit(uri: string, version: number, changes: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[]): Promise<void> {
    return this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  /** The next (or an already received, when `past`) publication matching the test. */
  waitFor(test: (p: Published) => boolean, timeoutMs = 10_000, past = true): Promise<Published> {
    if (past) {
      for (let i = this.published.length - 1; i >= 0; i--) if (test(this.published[i]!)) return Promise.resolve(this.published[i]!);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching publishDiagnostics within ${timeoutMs} ms; got ${JSON.stringify(this.published.slice(-3))}`)), timeoutMs);
      this.waiters.push({ test, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  }

  latest(uri: string): Published | undefined {
    for (let i = this.published.length - 1; i >= 0; i--) if (this.published[i]!.uri === uri) return this.published[i];
    return undefined;
  }

  async shutdown(): Promise<number | null> {
    try {
      await this.request('shutdown', null);
      await this.notify('exit', null);
    } catch {
      // the process may already be gone
    }
    const code = await new Promise<number | null>((resolve) => {
      if (this.exitCode !== null) return resolve(this.exitCode);
      const timer = setTimeout(() => {
        this.proc.kill();
        resolve(null);
      }, 3000);
      this.proc.on('exit', (c) => (clearTimeout(timer), resolve(c)));
    });
    this.conn.dispose();
    return code;
  }
}

/**
 * One server for a test file, started in a fresh temporary folder before its tests and
 * shut down after them (exit code 0 asserted), the folder removed.
 */
export interface TempDirServer {
  readonly dir: string;
  readonly client: LspClient;
  /** Opens `text` as `main.vigil` in a folder of its own (a rule set of its own) and waits for its first diagnostics. */
  open(text: string): Promise<{ uri: string; published: Published }>;
  /** Opens `text` and returns the hover text at the `occurrence`-th (from 0) `word` in it, '' for none. */
  hoverAt(text: string, word: string, occurrence: number): Promise<string>;
}

/** The position one character into the `occurrence`-th (from 0) `word` of `text`. */
export function positionOf(text: string, word: string, occurrence: number): { line: number; character: number } {
  const lines = text.split('\n');
  let seen = 0;
  for (let line = 0; line < lines.length; line++) {
    for (let at = lines[line]!.indexOf(word); at >= 0; at = lines[line]!.indexOf(word, at + 1)) if (seen++ === occurrence) return { line, character: at + 1 };
  }
  throw new Error(`${word} not in the text`);
}

export function serverInTempDir(prefix: string): TempDirServer {
  let n = 0;
  const server = {
    dir: '',
    client: undefined as unknown as LspClient,
    async open(text: string) {
      const uri = pathToFileURL(join(server.dir, `d${n++}`, 'main.vigil')).href;
      await server.client.open(uri, text);
      const published = await server.client.waitFor((p) => p.uri === uri);
      return { uri, published };
    },
    async hoverAt(text: string, word: string, occurrence: number) {
      const { uri } = await server.open(text);
      const h = await server.client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, word, occurrence) });
      return h ? h.contents.value : '';
    },
  };
  beforeAll(async () => {
    server.dir = mkdtempSync(join(tmpdir(), prefix));
    ({ client: server.client } = await LspClient.start(server.dir));
  }, 60_000);
  afterAll(async () => {
    const code = await server.client?.shutdown();
    rmSync(server.dir, { recursive: true, force: true });
    expect(code).toBe(0);
  });
  return server;
}
