/**
 * An inferred TypeScript project for the files that no tsconfig.json or jsconfig.json includes, as VS Code's
 * TypeScript gives loose files one. Most JavaScript servers have no config at all; without a program the rule
 * cannot follow `require('./lib/store')` into another file, and half the blocking helpers of a real server go
 * unseen.
 *
 * The project is a tsconfig written to a temporary folder (never into the user's repository) that lists the
 * loose files by absolute path, so that typescript-eslint builds one program for all of them, once.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface InferredProject {
  /** The generated tsconfig. */
  readonly tsconfig: string;
  /** Absolute paths of the files it holds. */
  readonly files: readonly string[];
  dispose(): void;
}

/**
 * Writes the inferred project of `files` (absolute), whose node_modules, if any, are under `root`.
 * `@types` packages installed there (such as `@types/node`) are used, as an editor would.
 */
export function writeInferredProject(root: string, files: readonly string[]): InferredProject {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopguard-inferred-'));
  const typeRoots = [path.join(root, 'node_modules', '@types')].filter((d) => fs.existsSync(d));
  const tsconfig = path.join(dir, 'tsconfig.json');
  const config = {
    compilerOptions: {
      allowJs: true,
      checkJs: false,
      noEmit: true,
      skipLibCheck: true,
      target: 'es2022',
      // `preserve` with `bundler` resolves both `require('./x')` and `import './x'` without extensions,
      // which is what loose JavaScript writes.
      module: 'preserve',
      moduleResolution: 'bundler',
      resolveJsonModule: true,
      jsx: 'preserve',
      // Dependencies' JavaScript is not part of the project: their code is not the user's to fix.
      maxNodeModuleJsDepth: 0,
      typeRoots,
      ...(typeRoots.length === 0 ? { types: [] } : {}),
    },
    files: [...files],
  };
  fs.writeFileSync(tsconfig, `${JSON.stringify(config, null, 2)}\n`);
  return {
    tsconfig,
    files,
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
