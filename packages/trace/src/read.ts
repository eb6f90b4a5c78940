import * as fs from 'node:fs';
import { TRACE_FORMAT, TRACE_VERSION, type TraceFile } from './format';

/** A trace that cannot be used, with what is wrong with it and what to do; the CLI prints it and exits 2. */
export class TraceError extends Error {
  override readonly name = 'TraceError';
}

/** Reads and checks a trace file; throws TraceError naming the file for anything it cannot use. */
export function readTrace(file: string): TraceFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TraceError(
      code === 'ENOENT'
        ? `${file}: no trace here. Record one first: \`loopguard trace -- <command>\` (e.g. \`loopguard trace -- node dist/server.js\`).`
        : `${file}: cannot read the trace (${(error as Error).message}).`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TraceError(
      `${file}: the trace is not valid JSON (${(error as Error).message}); it was probably cut short (disk full, or the run was killed while writing it). Record it again.`,
    );
  }
  const trace = value as Partial<TraceFile> | null;
  if (typeof trace !== 'object' || trace === null || trace.format !== TRACE_FORMAT) {
    throw new TraceError(`${file}: not a loopguard trace (no "format": "${TRACE_FORMAT}").`);
  }
  if (trace.version !== TRACE_VERSION) {
    throw new TraceError(
      `${file}: trace format version ${String(trace.version)} written by ${trace.tool ?? 'an unknown tool'}; this loopguard reads version ${TRACE_VERSION}. ` +
        'Record the trace again with this loopguard, or report it with the loopguard that recorded it.',
    );
  }
  if (!Array.isArray(trace.processes) || trace.processes.some((p) => !p || !Array.isArray(p.sites) || !Array.isArray(p.stalls))) {
    throw new TraceError(`${file}: the trace's "processes" are missing or malformed; it was probably edited or cut short. Record it again.`);
  }
  return trace as TraceFile;
}
