import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A minimal LSP client over stdio (Content-Length framing, JSON-RPC 2.0), written against the protocol rather
 * than a library so that the installed server is exercised exactly as an editor drives it.
 */
export class StdioLspClient {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners: Array<(method: string, params: any) => void> = [];
  stderr = '';

  private constructor(private readonly child: ChildProcess, private readonly settings: Record<string, unknown>) {
    child.stdout!.on('data', (chunk: Buffer) => this.read(chunk));
    child.stderr!.on('data', (d) => (this.stderr += String(d)));
    child.on('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`the server exited with ${code} before answering: ${this.stderr}`));
      this.pending.clear();
    });
  }

  static start(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; settings: Record<string, unknown> }): StdioLspClient {
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    return new StdioLspClient(child, options.settings);
  }

  request(method: string, params: unknown): Promise<any> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the params of the first notification of `method` that `accept` takes. */
  waitForNotification(method: string, accept: (params: any) => boolean, timeoutMs: number): Promise<any> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms; server stderr: ${this.stderr}`)), timeoutMs);
      this.listeners.push((m, params) => {
        if (m === method && accept(params)) {
          clearTimeout(timer);
          resolve(params);
        }
      });
    });
  }

  async shutdown(): Promise<void> {
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 5000))]);
      this.notify('exit', null);
    } finally {
      setTimeout(() => this.child.kill(), 2000).unref();
    }
  }

  private send(message: unknown): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin!.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin!.write(body);
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/iu.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(message);
    }
  }

  private dispatch(message: any): void {
    if (message.id !== undefined && message.method === undefined) {
      const p = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) p?.reject(new Error(`${message.error.message} (${message.error.code})`));
      else p?.resolve(message.result);
      return;
    }
    if (message.id !== undefined) {
      // A request from the server, answered as a plain editor would.
      let result: unknown = null;
      if (message.method === 'workspace/configuration') {
        result = (message.params.items as Array<{ section?: string }>).map((item) => (item.section === 'loopguard' || item.section === undefined ? this.settings : null));
      }
      this.send({ jsonrpc: '2.0', id: message.id, result });
      return;
    }
    for (const listener of this.listeners) listener(message.method, message.params);
  }
}
