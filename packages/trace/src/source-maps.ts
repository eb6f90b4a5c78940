import * as fs from 'node:fs';
import { SourceMap } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Frame } from './format';

interface Loaded {
  readonly map?: SourceMap;
  readonly dir: string;
  readonly sourceRoot: string;
}

/**
 * Maps frames of compiled JavaScript back to the project's sources, at report time: the traced program ran
 * without `--enable-source-maps` (it changes how its errors print). A file that names a source map which is
 * missing or unreadable is reported once through `problems` and its frames stay as they are.
 */
export class SourceMapper {
  private readonly cache = new Map<string, Loaded>();
  readonly problems: string[] = [];

  map(frame: Frame): Frame {
    const loaded = this.load(frame.file);
    const entry = loaded.map?.findEntry(frame.line - 1, frame.column - 1) as
      | { originalSource?: string; originalLine?: number; originalColumn?: number }
      | undefined;
    if (!entry?.originalSource || entry.originalLine === undefined) return frame;
    const source = entry.originalSource.startsWith('file://')
      ? fileURLToPath(entry.originalSource)
      : path.resolve(loaded.dir, loaded.sourceRoot, entry.originalSource);
    return { ...frame, file: source, line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1 };
  }

  private load(file: string): Loaded {
    const cached = this.cache.get(file);
    if (cached) return cached;
    const loaded = this.read(file);
    this.cache.set(file, loaded);
    return loaded;
  }

  private read(file: string): Loaded {
    const dir = path.dirname(file);
    if (!/\.[cm]?js$/u.test(file)) return { dir, sourceRoot: '' };
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return { dir, sourceRoot: '' }; // Removed since the trace was recorded: nothing to map with.
    }
    const match = /\/\/[#@] sourceMappingURL=(\S+)\s*$/u.exec(text.slice(-4096));
    if (!match?.[1]) return { dir, sourceRoot: '' };
    const url = match[1];
    let payload: unknown;
    let mapFile = '';
    try {
      if (url.startsWith('data:')) {
        const comma = url.indexOf(',');
        const body = url.slice(comma + 1);
        payload = JSON.parse(url.slice(0, comma).endsWith(';base64') ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body));
      } else {
        mapFile = path.resolve(dir, decodeURIComponent(url));
        payload = JSON.parse(fs.readFileSync(mapFile, 'utf8'));
      }
      const map = new SourceMap(payload as ConstructorParameters<typeof SourceMap>[0]);
      const sourceRoot = (payload as { sourceRoot?: string }).sourceRoot ?? '';
      return { map, dir: mapFile ? path.dirname(mapFile) : dir, sourceRoot };
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      this.problems.push(
        missing
          ? `${file}: its source map ${mapFile} is missing, so its frames are shown in the compiled JavaScript. Rebuild with source maps (tsc "sourceMap": true) and report again.`
          : `${file}: its source map ${mapFile || '(inline)'} cannot be read (${(error as Error).message}); its frames are shown in the compiled JavaScript.`,
      );
      return { dir, sourceRoot: '' };
    }
  }
}
