/**
 * A generated TypeScript service of a chosen size, for the scaling figures: `modules` feature modules, each
 * a route file (async handlers), a service class, a repository, a cache and a formatter, over shared file
 * helpers. Calls run four files deep (handler → service method → repository → helper → `fs.readFileSync`),
 * and every module reuses the same method names (`find`, `load`, `get`), as real code does: a whole-program
 * analysis that looked callers up by name across the program would grow with the square of the modules.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Corpus } from './corpora';
import { countLines, listSources, PACKAGE_DIR } from './corpora';

export const MODULES_PER_UNIT = 6;

const SHARED_FILES: Record<string, string> = {
  'src/shared/http.ts': `export interface Request {
  readonly params: Record<string, string>;
  readonly body: unknown;
}

export interface App {
  get(path: string, handler: (req: Request) => Promise<unknown>): void;
  post(path: string, handler: (req: Request) => Promise<unknown>): void;
}
`,
  'src/shared/files.ts': `import * as fs from 'node:fs';
import * as path from 'node:path';

const DATA_DIR = process.env['DATA_DIR'] ?? path.join(__dirname, '..', '..', 'data');

export function dataPath(...parts: string[]): string {
  return path.join(DATA_DIR, ...parts);
}

export function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(dataPath(file), 'utf8')) as T;
}

export function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(dataPath(file), JSON.stringify(value, null, 2));
}

export async function readJsonAsync<T>(file: string): Promise<T> {
  return JSON.parse(await fs.promises.readFile(dataPath(file), 'utf8')) as T;
}

export function exists(file: string): boolean {
  return fs.existsSync(dataPath(file));
}
`,
  'src/shared/log.ts': `export function log(scope: string, message: string): void {
  if (process.env['QUIET']) return;
  process.stdout.write(\`[\${scope}] \${message}\\n\`);
}

export function format(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
`,
};

function moduleFiles(m: number): Record<string, string> {
  const name = `m${m}`;
  const Item = `Item${m}`;
  return {
    [`src/${name}/model.ts`]: `export interface ${Item} {
  readonly id: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly updatedAt: number;
}

export function isItem(value: unknown): value is ${Item} {
  return typeof value === 'object' && value !== null && 'id' in value && 'title' in value;
}

export function sortItems(items: readonly ${Item}[]): ${Item}[] {
  return [...items].sort((a, b) => b.updatedAt - a.updatedAt || a.id.localeCompare(b.id));
}
`,
    [`src/${name}/repository.ts`]: `import { exists, readJson, readJsonAsync, writeJson } from '../shared/files';
import { isItem, type ${Item} } from './model';

const FILE = '${name}.json';

export function load(): ${Item}[] {
  if (!exists(FILE)) return [];
  const raw = readJson<unknown[]>(FILE);
  return raw.filter(isItem);
}

export async function loadAsync(): Promise<${Item}[]> {
  const raw = await readJsonAsync<unknown[]>(FILE);
  return raw.filter(isItem);
}

export function find(id: string): ${Item} | undefined {
  return load().find((item) => item.id === id);
}

export function save(items: readonly ${Item}[]): void {
  writeJson(FILE, items);
}
`,
    [`src/${name}/cache.ts`]: `import type { ${Item} } from './model';

export class Cache {
  private readonly entries = new Map<string, { value: ${Item}; at: number }>();

  constructor(private readonly ttlMs: number) {}

  get(id: string): ${Item} | undefined {
    const entry = this.entries.get(id);
    if (!entry || Date.now() - entry.at > this.ttlMs) return undefined;
    return entry.value;
  }

  set(value: ${Item}): void {
    this.entries.set(value.id, { value, at: Date.now() });
  }

  clear(): void {
    this.entries.clear();
  }
}
`,
    [`src/${name}/service.ts`]: `import { log } from '../shared/log';
import { Cache } from './cache';
import { sortItems, type ${Item} } from './model';
import * as repository from './repository';

export class Service${m} {
  private readonly cache = new Cache(30_000);

  list(): ${Item}[] {
    return sortItems(repository.load());
  }

  async listAsync(): Promise<${Item}[]> {
    return sortItems(await repository.loadAsync());
  }

  find(id: string): ${Item} | undefined {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const found = repository.find(id);
    if (found) this.cache.set(found);
    return found;
  }

  rename(id: string, title: string): ${Item} | undefined {
    const items = repository.load();
    const index = items.findIndex((item) => item.id === id);
    const current = items[index];
    if (!current) return undefined;
    const updated = { ...current, title, updatedAt: Date.now() };
    items[index] = updated;
    repository.save(items);
    this.cache.clear();
    log('${name}', \`renamed \${id}\`);
    return updated;
  }
}
`,
    [`src/${name}/routes.ts`]: `import type { App } from '../shared/http';
import { format } from '../shared/log';
import { Service${m} } from './service';

export function register${m}(app: App): void {
  const service = new Service${m}();

  app.get('/${name}', async () => service.listAsync());

  app.get('/${name}/:id', async (req) => {
    const item = service.find(req.params['id'] ?? '');
    return item ? format(item) : { status: 404 };
  });

  app.post('/${name}/:id/title', async (req) => {
    const body = req.body as { title?: string };
    return service.rename(req.params['id'] ?? '', body.title ?? '');
  });
}
`,
  };
}

function indexFile(modules: number): string {
  const lines = ["import type { App } from './shared/http';"];
  for (let m = 0; m < modules; m++) lines.push(`import { register${m} } from './m${m}/routes';`);
  lines.push('', 'export function registerAll(app: App): void {');
  for (let m = 0; m < modules; m++) lines.push(`  register${m}(app);`);
  lines.push('}', '');
  return lines.join('\n');
}

/** Writes (once) a generated service of `scale` × `unitModules` modules and returns it as a corpus. */
export function generatedCorpus(scale: number, cacheDir: string, unitModules = MODULES_PER_UNIT): Corpus {
  const modules = scale * unitModules;
  const dir = path.join(cacheDir, 'generated', `service-${unitModules}x${scale}`);
  const ready = path.join(dir, '.bench-ready');
  const stamp = `v1 ${modules}\n`;
  if (!fs.existsSync(ready) || fs.readFileSync(ready, 'utf8') !== stamp) {
    fs.rmSync(dir, { recursive: true, force: true });
    const files: Record<string, string> = { ...SHARED_FILES, 'src/index.ts': indexFile(modules) };
    for (let m = 0; m < modules; m++) Object.assign(files, moduleFiles(m));
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `generated-service-x${scale}`, private: true, type: 'commonjs' }) + '\n');
    const tsconfig = {
      compilerOptions: {
        target: 'ES2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [path.join(PACKAGE_DIR, 'node_modules', '@types')],
      },
      include: ['src'],
    };
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2) + '\n');
    fs.writeFileSync(ready, stamp);
  }
  const files = listSources(path.join(dir, 'src'));
  return {
    id: `generated-x${scale}`,
    title: `generated service, ${scale}x (${modules} module${modules === 1 ? '' : 's'})`,
    dir,
    files,
    lines: countLines(files),
    jsSourceType: 'commonjs',
  };
}
