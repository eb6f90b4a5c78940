/**
 * The worker thread that runs @loopguard/refactor. ts-morph builds a TypeScript program of its own and takes
 * seconds to start: on the server's thread that froze diagnostics and every other request meanwhile. Here it
 * starts in the background after the first open (`warm`) and answers `move` requests; the server thread only
 * waits on a message. Loaded by `RefactorHost` (refactor-host.ts), never imported.
 */
import { parentPort } from 'node:worker_threads';
import { moveToWorker, MoveToWorkerError, warmUp } from '@loopguard/refactor';
import type { RefactorReply, RefactorRequest } from './refactor-host';

const port = parentPort;
if (!port) throw new Error('refactor-worker.js runs as a worker thread of the loopguard language server; it is not a program.');

port.on('message', (request: RefactorRequest) => {
  let reply: RefactorReply;
  try {
    if (request.kind === 'warm') {
      warmUp(request.filePath);
      reply = { id: request.id, ok: true, result: undefined };
    } else {
      reply = { id: request.id, ok: true, result: moveToWorker(request.input) };
    }
  } catch (error) {
    // A MoveToWorkerError is an answer for the user (why the refactor is unsafe); anything else is a bug.
    reply =
      error instanceof MoveToWorkerError
        ? { id: request.id, ok: false, refused: true, message: error.message }
        : { id: request.id, ok: false, refused: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(reply);
});
