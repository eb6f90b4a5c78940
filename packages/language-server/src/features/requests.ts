import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { toDiagnostic, toFindings } from '../findings';
import { LintFileRequest, ServerStatsRequest } from '../protocol';
import type { ServerContext } from '../server-context';
import type { Feature } from './feature';

/** loopguard's own requests (`../protocol.ts`): lint a file that is not open, and the server's statistics. */
export function register(context: ServerContext): Feature {
  context.connection.onRequest(LintFileRequest, async (params) => {
    const open = context.documents.get(params.uri);
    if (open) {
      // The findings the CLI would give: the full pass's, pushed too if they differ from what the client has.
      const result = await context.ensureLinted(params.uri, undefined, 'full');
      if (!context.profile.pullDiagnostics) await context.publish(params.uri);
      return { findings: result?.findings.length ?? 0 };
    }
    const filePath = fileURLToPath(params.uri);
    let text: string;
    try {
      text = fs.readFileSync(filePath, 'utf8');
    } catch (error) {
      throw new ResponseError(LSPErrorCodes.RequestFailed, `loopguard could not read ${filePath}: ${String(error)}`);
    }
    const document = TextDocument.create(params.uri, languageOf(filePath), 0, text);
    const s = await context.settings.get(params.uri);
    const rule = await context.ruleOptionsFor(filePath, true, s);
    if (!s.enable || !rule.enabled) return { findings: 0 };
    context.syncEditedDocuments(undefined);
    const output = context.engine.lint({ text, filePath, options: rule.options, allowTypes: true });
    const findings = toFindings(output.messages, document);
    await context.connection.sendDiagnostics({ uri: params.uri, diagnostics: findings.map((f) => toDiagnostic(f, document, s.severity)) });
    return { findings: findings.length };
  });

  context.connection.onRequest(ServerStatsRequest, () => {
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    const { engine } = context;
    return { rss: memory.rss, heapUsed: memory.heapUsed, lints: engine.lints, typedLints: engine.typedLints, quickLints: engine.quickLints, cpuMs: (cpu.user + cpu.system) / 1000 };
  });
  return {};
}

function languageOf(filePath: string): string {
  const ext = path.extname(filePath);
  if (ext === '.tsx') return 'typescriptreact';
  if (ext === '.jsx') return 'javascriptreact';
  return /\.[cm]?ts$/.test(ext) ? 'typescript' : 'javascript';
}
