import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';

export const REPO = path.resolve(__dirname, '..', '..', '..', '..');
export const EXAMPLE_APP = path.join(REPO, 'fixtures', 'example-app');
const PACKAGE_MODULES = path.resolve(__dirname, '..', '..', 'node_modules');

/**
 * Compiles a TypeScript app's sources into a temporary folder, one file at a time (no type check: the
 * example declares its packages itself), with source maps that point back at the sources in the repository,
 * so that the report maps the traced frames onto the files the analysis lints.
 */
export function compileApp(appDir: string, dirs: readonly string[] = ['src', 'scripts']): { outDir: string; root: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'loopguard-trace-app-'));
  const outDir = path.join(root, 'dist');
  for (const dir of dirs) {
    for (const file of walk(path.join(appDir, dir))) {
      if (!file.endsWith('.ts') || file.endsWith('.d.ts')) continue;
      const rel = path.relative(appDir, file);
      const out = path.join(outDir, rel.replace(/\.ts$/u, '.js'));
      fs.mkdirSync(path.dirname(out), { recursive: true });
      const result = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
        fileName: file,
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: true },
      });
      const map = JSON.parse(result.sourceMapText ?? '{}') as { sources: string[]; file: string };
      map.sources = [path.relative(path.dirname(out), file)];
      map.file = path.basename(out);
      const js = result.outputText.replace(/\/\/# sourceMappingURL=.*$/mu, `//# sourceMappingURL=${path.basename(out)}.map`);
      fs.writeFileSync(out, js);
      fs.writeFileSync(`${out}.map`, JSON.stringify(map));
    }
  }
  // The packages the app imports, from this package's own dependencies.
  fs.mkdirSync(path.join(root, 'node_modules'), { recursive: true });
  for (const name of ['better-sqlite3', 'glob']) fs.symlinkSync(fs.realpathSync(path.join(PACKAGE_MODULES, name)), path.join(root, 'node_modules', name), 'dir');
  return { outDir, root };
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}
