/**
 * Runs the "move to a worker thread" refactor on a worker thread of its own (refactor-worker.ts), so that
 * ts-morph's start-up and its type checks never block the server's thread, and warms it in the background
 * when a file is first opened so that the first request does not pay for the start-up either.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
// Types only: ts-morph loads on the refactor thread, never on the server's.
import type { MoveToWorkerInput, MoveToWorkerResult } from '@loopguard/refactor';

/** The refactor refused (its MoveToWorkerError, across the thread boundary): the message says why. */
export class RefactorRefusedError extends Error {
  override readonly name = 'RefactorRefusedError';
}

type RefactorJob = { readonly kind: 'warm'; readonly filePath: string } | { readonly kind: 'move'; readonly input: MoveToWorkerInput };
export type RefactorRequest = RefactorJob & { readonly id: number };

export type RefactorReply =
  | { readonly id: number; readonly ok: true; readonly result: MoveToWorkerResult | undefined }
  | { readonly id: number; readonly ok: false; readonly refused: boolean; readonly message: string };

/** Next to this file both when built by tsc (dist/) and when bundled by the VS Code extension (its dist/). */
const WORKER_FILE = path.join(__dirname, 'refactor-worker.js');

export class RefactorHost {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(reply: RefactorReply): void; reject(error: Error): void }>();
  /** Projects warmed or being warmed, by tsconfig folder: one warm-up each is enough. */
  private readonly warmed = new Set<string>();

  constructor(private readonly log: (message: string) => void) {}

  /**
   * Starts the refactor's project for `filePath` in the background, on the refactor's thread. At once: the quick
   * pass gives the file's first diagnostics within a few hundred ms on the server's thread, and the warm-up
   * (loading ts-morph and TypeScript, 0.6 s, then the project, 2 s) must be done when a user who read the first
   * squiggle asks for the refactor (`scripts/bench-refactor.mjs`: a 3 s pause after the first diagnostics).
   * Never throws, never waits.
   */
  warm(filePath: string): void {
    const key = path.dirname(filePath);
    if (this.warmed.has(key)) return;
    this.warmed.add(key);
    const failed = (error: unknown): void => this.log(`loopguard: warming the worker refactor for ${filePath} failed: ${error instanceof Error ? error.message : String(error)}`);
    try {
      this.send({ kind: 'warm', filePath }).then((reply) => {
        if (!reply.ok) failed(reply.message);
      }, failed);
    } catch (error) {
      failed(error);
    }
  }

  /** The refactor's result; a `RefactorRefusedError` when it refuses (the message says why). */
  async moveToWorker(input: MoveToWorkerInput): Promise<MoveToWorkerResult> {
    const reply = await this.send({ kind: 'move', input });
    if (reply.ok && reply.result) return reply.result;
    if (!reply.ok && reply.refused) throw new RefactorRefusedError(reply.message);
    throw new Error(`the worker refactor failed on ${input.filePath}: ${reply.ok ? 'no result' : reply.message}`);
  }

  private send(request: RefactorJob): Promise<RefactorReply> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id } satisfies RefactorRequest);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_FILE);
    // The server exits when its client goes: an idle refactor thread must not keep it alive.
    worker.unref();
    worker.on('message', (reply: RefactorReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      waiting?.resolve(reply);
    });
    const fail = (error: Error): void => {
      // A crashed thread is started again by the next request; the ones it held fail with the reason.
      if (this.worker === worker) this.worker = undefined;
      this.warmed.clear();
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    // A missing refactor-worker.js (an incomplete build or bundle) arrives here, as a module-not-found error.
    worker.on('error', (error) => fail(new Error(`the refactor thread (${WORKER_FILE}) failed: ${error.message}`)));
    worker.on('exit', (code) => fail(new Error(`the refactor thread exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}
