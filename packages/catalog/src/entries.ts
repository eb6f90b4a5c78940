import type { BlockingKind, CatalogClass, CatalogEntry, Rewrite } from './types';

const NODE_DOCS = 'https://nodejs.org/api';

/** Modules that re-export every `fs` sync function under the same name. */
const FS_MODULES = ['fs', 'graceful-fs', 'fs-extra'] as const;

interface Row {
  readonly path: string;
  readonly why: string;
  readonly instead: string;
  readonly rewrite?: Rewrite;
  readonly docs: string;
}

function family(prefix: string, modules: readonly string[], kind: BlockingKind, rows: readonly Row[]): CatalogEntry[] {
  return rows.map((row) => ({ id: `${prefix}.${row.path.replace('#', '.')}`, modules, kind, ...row }));
}

/** Path-based `fs` functions whose twin in `fs/promises` has the same signature. */
const fsPathFunctions: ReadonlyArray<readonly [sync: string, why: string]> = [
  ['accessSync', 'checks file access with a system call'],
  ['appendFileSync', 'appends to a file'],
  ['chmodSync', 'changes file mode'],
  ['chownSync', 'changes file owner'],
  ['copyFileSync', 'copies a whole file'],
  ['cpSync', 'copies a file or directory tree'],
  ['lchownSync', 'changes link owner'],
  ['linkSync', 'creates a hard link'],
  ['lstatSync', 'reads file metadata'],
  ['lutimesSync', 'changes link timestamps'],
  ['mkdirSync', 'creates a directory'],
  ['mkdtempSync', 'creates a temporary directory'],
  ['opendirSync', 'opens a directory'],
  ['readdirSync', 'lists a directory'],
  ['readFileSync', 'reads the whole file'],
  ['readlinkSync', 'reads a symbolic link'],
  ['realpathSync', 'resolves a path on disk'],
  ['renameSync', 'renames a file'],
  ['rmdirSync', 'removes a directory'],
  ['rmSync', 'removes files or directory trees'],
  ['statSync', 'reads file metadata'],
  ['statfsSync', 'reads file system statistics'],
  ['symlinkSync', 'creates a symbolic link'],
  ['truncateSync', 'truncates a file'],
  ['unlinkSync', 'removes a file'],
  ['utimesSync', 'changes file timestamps'],
  ['writeFileSync', 'writes a whole file'],
];

/** File-descriptor `fs` functions: their async form is a `FileHandle` method, not a drop-in twin. */
const fsFdFunctions: ReadonlyArray<readonly [sync: string, why: string, instead: string]> = [
  ['closeSync', 'closes a file descriptor', '`await handle.close()` on a `FileHandle` from `fs/promises.open`'],
  ['fchmodSync', 'changes file mode', '`await handle.chmod(mode)` on a `FileHandle`'],
  ['fchownSync', 'changes file owner', '`await handle.chown(uid, gid)` on a `FileHandle`'],
  ['fdatasyncSync', 'flushes file data to disk', '`await handle.datasync()` on a `FileHandle`'],
  // `open` from `fs/promises` resolves to a `FileHandle`, not the number `openSync` returns: not a drop-in twin.
  ['openSync', 'opens a file', '`await open(path, flags)` from `fs/promises`, then use the `FileHandle` it returns'],
  ['fstatSync', 'reads file metadata', '`await handle.stat()` on a `FileHandle`'],
  ['fsyncSync', 'flushes a file to disk', '`await handle.sync()` on a `FileHandle`'],
  ['ftruncateSync', 'truncates a file', '`await handle.truncate(len)` on a `FileHandle`'],
  ['futimesSync', 'changes file timestamps', '`await handle.utimes(atime, mtime)` on a `FileHandle`'],
  ['readSync', 'reads from a file descriptor', '`await handle.read(...)` on a `FileHandle`'],
  ['readvSync', 'reads from a file descriptor', '`await handle.readv(...)` on a `FileHandle`'],
  ['writeSync', 'writes to a file descriptor', '`await handle.write(...)` on a `FileHandle`'],
  ['writevSync', 'writes to a file descriptor', '`await handle.writev(...)` on a `FileHandle`'],
];

function fsAnchor(name: string): string {
  return `${NODE_DOCS}/fs.html#fs${name.toLowerCase()}`;
}

const fsEntries: CatalogEntry[] = [
  ...family(
    'fs',
    FS_MODULES,
    'fs',
    fsPathFunctions.map(([sync, why]) => {
      const name = sync.slice(0, -'Sync'.length);
      return {
        path: sync,
        why: `${why} on the main thread`,
        instead: `\`await ${name}()\` from \`fs/promises\``,
        rewrite: { type: 'fs-promises', name } as const,
        docs: fsAnchor(sync),
      };
    }),
  ),
  ...family('fs', FS_MODULES, 'fs', [
    {
      path: 'existsSync',
      why: 'checks the file system with a system call on the main thread',
      instead: '`await access(path)` from `fs/promises` (or just try the operation and handle `ENOENT`)',
      rewrite: { type: 'exists-access' },
      docs: fsAnchor('existsSync'),
    },
    {
      path: 'globSync',
      why: 'walks directory trees on the main thread',
      instead: '`for await` over `glob` from `fs/promises`',
      docs: fsAnchor('globSync'),
    },
  ]),
  ...family(
    'fs',
    FS_MODULES,
    'fs',
    fsFdFunctions.map(([sync, why, instead]) => ({ path: sync, why: `${why} on the main thread`, instead, docs: fsAnchor(sync) })),
  ),
];

const FSE_DOCS = 'https://github.com/jprichardson/node-fs-extra/blob/master/docs';
const fsExtraEntries: CatalogEntry[] = family(
  'fs-extra',
  ['fs-extra'],
  'fs',
  (
    [
      ['copySync', 'copies files or directory trees'],
      ['emptyDirSync', 'empties a directory'],
      ['ensureFileSync', 'creates a file and its parents'],
      ['ensureDirSync', 'creates a directory and its parents'],
      ['ensureLinkSync', 'creates a hard link and its parents'],
      ['ensureSymlinkSync', 'creates a symbolic link and its parents'],
      ['mkdirpSync', 'creates a directory and its parents'],
      ['mkdirsSync', 'creates a directory and its parents'],
      ['moveSync', 'moves files or directory trees'],
      ['outputFileSync', 'writes a file and creates its parents'],
      ['outputJsonSync', 'writes JSON and creates parent directories'],
      ['outputJSONSync', 'writes JSON and creates parent directories'],
      ['pathExistsSync', 'checks the file system'],
      ['readJsonSync', 'reads and parses a JSON file'],
      ['readJSONSync', 'reads and parses a JSON file'],
      ['removeSync', 'removes files or directory trees'],
      ['writeJsonSync', 'serialises and writes a JSON file'],
      ['writeJSONSync', 'serialises and writes a JSON file'],
    ] as const
  ).map(([sync, why]) => {
    const name = sync.slice(0, -'Sync'.length);
    return {
      path: sync,
      why: `${why} on the main thread`,
      instead: `\`await\` fs-extra's \`${name}\` (it returns a promise without a callback)`,
      rewrite: { type: 'sibling', name } as const,
      docs: `${FSE_DOCS}/${name.replace(/JSON/, 'Json').replace(/^mkdirp$|^mkdirs$/, 'ensureDir')}-sync.md`,
    };
  }),
);

const childProcessEntries: CatalogEntry[] = family('child_process', ['child_process'], 'child_process', [
  {
    path: 'execSync',
    why: 'runs a shell command and waits for it to exit, freezing the event loop',
    instead: '`await promisify(exec)(command)` and read `stdout`',
    rewrite: { type: 'promisify', name: 'exec', resultProperty: 'stdout' },
    docs: `${NODE_DOCS}/child_process.html#child_processexecsynccommand-options`,
  },
  {
    path: 'execFileSync',
    why: 'runs a program and waits for it to exit, freezing the event loop',
    instead: '`await promisify(execFile)(file, args)` and read `stdout`',
    rewrite: { type: 'promisify', name: 'execFile', resultProperty: 'stdout' },
    docs: `${NODE_DOCS}/child_process.html#child_processexecfilesyncfile-args-options`,
  },
  {
    path: 'spawnSync',
    why: 'spawns a process and waits for it to exit, freezing the event loop',
    instead: '`spawn` with `close`/`exit` events, or `await promisify(execFile)(...)`',
    docs: `${NODE_DOCS}/child_process.html#child_processspawnsynccommand-args-options`,
  },
]);

const cryptoEntries: CatalogEntry[] = family(
  'crypto',
  ['crypto'],
  'crypto',
  (
    [
      ['pbkdf2Sync', 'derives a key with many hash iterations', 'child'],
      ['scryptSync', 'derives a key with a deliberately expensive function', 'child'],
      ['hkdfSync', 'derives a key', 'child'],
      ['generateKeyPairSync', 'generates a key pair (RSA can take seconds)', 'child'],
      ['generateKeySync', 'generates a secret key', 'child'],
      ['generatePrimeSync', 'searches for a large prime', 'child'],
      ['checkPrimeSync', 'runs a primality test', 'child'],
      ['randomFillSync', 'fills a buffer with random bytes', 'child'],
    ] as const
  ).map(([sync, why]) => {
    const name = sync.slice(0, -'Sync'.length);
    return {
      path: sync,
      why: `${why} on the main thread`,
      instead: `\`await promisify(${name})(...)\`, which runs on libuv's thread pool`,
      rewrite: { type: 'promisify', name } as const,
      docs: `${NODE_DOCS}/crypto.html#crypto${sync.toLowerCase()}`,
    };
  }),
);

const zlibEntries: CatalogEntry[] = family(
  'zlib',
  ['zlib'],
  'zlib',
  [
    'deflateSync',
    'deflateRawSync',
    'gzipSync',
    'gunzipSync',
    'inflateSync',
    'inflateRawSync',
    'unzipSync',
    'brotliCompressSync',
    'brotliDecompressSync',
    'zstdCompressSync',
    'zstdDecompressSync',
  ].map((sync) => {
    const name = sync.slice(0, -'Sync'.length);
    return {
      path: sync,
      why: `${/compress|deflate|gzip|Compress/.test(sync) && !/[dD]ecompress|inflate|gunzip|unzip/.test(sync) ? 'compresses' : 'decompresses'} the whole buffer on the main thread`,
      instead: `\`await promisify(${name})(...)\`, which runs on libuv's thread pool`,
      rewrite: { type: 'promisify', name } as const,
      docs: `${NODE_DOCS}/zlib.html#zlib${sync.toLowerCase()}buffer-options`,
    };
  }),
);

const SQLITE_DOCS = `${NODE_DOCS}/sqlite.html`;
const BSQL_DOCS = 'https://github.com/WiseLibs/better-sqlite3/blob/master/docs/api.md';
const sqliteEntries: CatalogEntry[] = [
  ...family('node:sqlite', ['sqlite'], 'sqlite', [
    { path: 'DatabaseSync#new', why: 'opens the database file synchronously', instead: 'open it once at start-up, or move queries to a worker thread', docs: `${SQLITE_DOCS}#new-databasesyncpath-options` },
    { path: 'DatabaseSync#exec', why: 'runs SQL synchronously on the main thread', instead: 'move the query to a worker thread, or use an async driver', docs: `${SQLITE_DOCS}#databaseexecsql` },
    { path: 'DatabaseSync#prepare', why: 'compiles SQL synchronously on the main thread', instead: 'prepare statements once at start-up, or move the query to a worker thread', docs: `${SQLITE_DOCS}#databasepreparesql` },
    { path: 'StatementSync#all', why: 'runs the query and reads every row synchronously', instead: 'move the query to a worker thread, or use an async driver', docs: `${SQLITE_DOCS}#statementallnamedparameters-anonymousparameters` },
    { path: 'StatementSync#get', why: 'runs the query synchronously', instead: 'move the query to a worker thread, or use an async driver', docs: `${SQLITE_DOCS}#statementgetnamedparameters-anonymousparameters` },
    { path: 'StatementSync#run', why: 'runs the statement synchronously', instead: 'move the query to a worker thread, or use an async driver', docs: `${SQLITE_DOCS}#statementrunnamedparameters-anonymousparameters` },
    { path: 'StatementSync#iterate', why: 'steps through rows synchronously', instead: 'move the query to a worker thread, or use an async driver', docs: `${SQLITE_DOCS}#statementiteratenamedparameters-anonymousparameters` },
  ]),
  ...family('better-sqlite3', ['better-sqlite3'], 'sqlite', [
    { path: 'Database#new', why: 'opens the database file synchronously', instead: 'open it once at start-up, or move queries to a worker thread', docs: `${BSQL_DOCS}#new-databasepath-options` },
    { path: 'Database#exec', why: 'runs SQL synchronously on the main thread', instead: 'move the query to a worker thread (better-sqlite3 has no async API)', docs: `${BSQL_DOCS}#execstring---this` },
    { path: 'Database#prepare', why: 'compiles SQL synchronously on the main thread', instead: 'prepare statements once at start-up, or move the query to a worker thread', docs: `${BSQL_DOCS}#preparestring---statement` },
    { path: 'Database#pragma', why: 'runs a PRAGMA synchronously', instead: 'run it at start-up, or in a worker thread', docs: `${BSQL_DOCS}#pragmastring-options---results` },
    { path: 'Database#backup', why: 'copies the database', instead: 'already returns a promise; listed for its synchronous page steps: run it in a worker thread for large files', docs: `${BSQL_DOCS}#backupdestination-options---promise` },
    { path: 'Statement#all', why: 'runs the query and reads every row synchronously', instead: 'move the query to a worker thread (better-sqlite3 has no async API)', docs: `${BSQL_DOCS}#allbindparameters---array-of-rows` },
    { path: 'Statement#get', why: 'runs the query synchronously', instead: 'move the query to a worker thread (better-sqlite3 has no async API)', docs: `${BSQL_DOCS}#getbindparameters---row` },
    { path: 'Statement#run', why: 'runs the statement synchronously', instead: 'move the query to a worker thread (better-sqlite3 has no async API)', docs: `${BSQL_DOCS}#runbindparameters---object` },
    { path: 'Statement#iterate', why: 'steps through rows synchronously', instead: 'move the query to a worker thread (better-sqlite3 has no async API)', docs: `${BSQL_DOCS}#iteratebindparameters---iterator` },
  ]),
];

const syncHttpEntries: CatalogEntry[] = [
  ...family('sync-request', ['sync-request'], 'sync-http', [
    { path: 'default', why: 'makes an HTTP request and waits for the response in a child process', instead: '`await fetch(url)` (or `then-request`)', docs: 'https://github.com/ForbesLindesay/sync-request#readme' },
  ]),
  ...family('sync-fetch', ['sync-fetch'], 'sync-http', [
    { path: 'default', why: 'makes an HTTP request and waits for the response', instead: '`await fetch(url)` (its body methods return promises too)', docs: 'https://github.com/larsgw/sync-fetch#readme' },
  ]),
];

const waitEntries: CatalogEntry[] = [
  {
    id: 'Atomics.wait',
    modules: [],
    global: 'Atomics',
    path: 'wait',
    kind: 'wait',
    why: 'puts the thread to sleep until notified or timed out',
    instead: '`await Atomics.waitAsync(...).value`',
    docs: 'https://developer.mozilla.org/docs/Web/JavaScript/Reference/Global_Objects/Atomics/wait',
  },
  ...family('worker_threads', ['worker_threads'], 'wait', [
    { path: 'receiveMessageOnPort', why: 'reads a message from a port synchronously', instead: "`port.on('message', ...)` or `await once(port, 'message')`", docs: `${NODE_DOCS}/worker_threads.html#worker_threadsreceivemessageonportport` },
  ]),
];

const DEASYNC_DOCS = 'https://github.com/abbr/deasync#readme';
const deasyncEntries: CatalogEntry[] = family('deasync', ['deasync'], 'deasync', [
  { path: 'default', why: 'turns an async function into one that spins the event loop until it finishes', instead: '`await` the async function (or `util.promisify` it)', docs: DEASYNC_DOCS },
  { path: 'sleep', why: 'spins the event loop in place until the time has passed', instead: "`await setTimeout(ms)` from `timers/promises`", docs: DEASYNC_DOCS },
  { path: 'loopWhile', why: 'spins the event loop in place until a condition holds', instead: '`await` a promise that resolves when the condition holds', docs: DEASYNC_DOCS },
  { path: 'runLoopOnce', why: 'runs the event loop re-entrantly', instead: '`await` the work instead', docs: DEASYNC_DOCS },
]);

const globEntries: CatalogEntry[] = [
  ...family('glob', ['glob'], 'fs', [
    { path: 'sync', why: 'walks directory trees on the main thread', instead: '`await glob(pattern)`', rewrite: { type: 'sibling', name: 'glob' }, docs: 'https://github.com/isaacs/node-glob#globsyncpattern-string--string-options-globoptions--string--path' },
    { path: 'globSync', why: 'walks directory trees on the main thread', instead: '`await glob(pattern)`', rewrite: { type: 'sibling', name: 'glob' }, docs: 'https://github.com/isaacs/node-glob#globsyncpattern-string--string-options-globoptions--string--path' },
  ]),
  ...family('fast-glob', ['fast-glob'], 'fs', [
    { path: 'sync', why: 'walks directory trees on the main thread', instead: '`await fg.glob(patterns)`', rewrite: { type: 'sibling', name: 'glob' }, docs: 'https://github.com/mrmlnc/fast-glob#sync' },
    { path: 'globSync', why: 'walks directory trees on the main thread', instead: '`await fg.glob(patterns)`', rewrite: { type: 'sibling', name: 'glob' }, docs: 'https://github.com/mrmlnc/fast-glob#sync' },
  ]),
  ...family('globby', ['globby'], 'fs', [
    { path: 'globbySync', why: 'walks directory trees on the main thread', instead: '`await globby(patterns)`', rewrite: { type: 'sibling', name: 'globby' }, docs: 'https://github.com/sindresorhus/globby#globbysyncpatterns-options' },
  ]),
];

const spawnPackageEntries: CatalogEntry[] = [
  ...family('execa', ['execa'], 'child_process', [
    { path: 'execaSync', why: 'runs a process and waits for it to exit', instead: '`await execa(...)`', rewrite: { type: 'sibling', name: 'execa' }, docs: 'https://github.com/sindresorhus/execa/blob/main/docs/api.md#execasyncfile-arguments-options' },
    { path: 'execaCommandSync', why: 'runs a command and waits for it to exit', instead: '`await execaCommand(...)`', rewrite: { type: 'sibling', name: 'execaCommand' }, docs: 'https://github.com/sindresorhus/execa/blob/main/docs/api.md' },
    { path: 'sync', why: 'runs a process and waits for it to exit', instead: '`await execa(...)`', docs: 'https://github.com/sindresorhus/execa/tree/v5.1.1#execasyncfile-arguments-options' },
  ]),
  ...family('cross-spawn', ['cross-spawn'], 'child_process', [
    { path: 'sync', why: 'spawns a process and waits for it to exit', instead: '`spawn(...)` with `close` events, or `execa`', docs: 'https://github.com/moxystudio/node-cross-spawn#readme' },
  ]),
];

const bcryptEntries: CatalogEntry[] = family('bcrypt', ['bcrypt', 'bcryptjs'], 'crypto', [
  { path: 'hashSync', why: 'hashes a password with a deliberately slow function on the main thread', instead: '`await bcrypt.hash(...)`', rewrite: { type: 'sibling', name: 'hash' }, docs: 'https://github.com/kelektiv/node.bcrypt.js#api' },
  { path: 'compareSync', why: 'checks a password with a deliberately slow function on the main thread', instead: '`await bcrypt.compare(...)`', rewrite: { type: 'sibling', name: 'compare' }, docs: 'https://github.com/kelektiv/node.bcrypt.js#api' },
  { path: 'genSaltSync', why: 'generates a salt on the main thread', instead: '`await bcrypt.genSalt(...)`', rewrite: { type: 'sibling', name: 'genSalt' }, docs: 'https://github.com/kelektiv/node.bcrypt.js#api' },
]);

const DENO_DOCS = 'https://docs.deno.com/api/deno/~/Deno';
const denoEntries: CatalogEntry[] = [
  'readFileSync',
  'readTextFileSync',
  'writeFileSync',
  'writeTextFileSync',
  'statSync',
  'lstatSync',
  'readDirSync',
  'mkdirSync',
  'removeSync',
  'renameSync',
  'copyFileSync',
  'realPathSync',
  'openSync',
  'createSync',
  'truncateSync',
  'chmodSync',
  'chownSync',
  'symlinkSync',
  'linkSync',
  'readLinkSync',
  'makeTempDirSync',
  'makeTempFileSync',
  'utimeSync',
].map((sync) => {
  const name = sync.slice(0, -'Sync'.length);
  return {
    id: `Deno.${sync}`,
    modules: [],
    global: 'Deno',
    path: sync,
    kind: 'fs' as const,
    why: 'does file system I/O on the main thread',
    instead: `\`await Deno.${name}(...)\``,
    rewrite: { type: 'global-sibling', name } as const,
    docs: `${DENO_DOCS}.${sync}`,
  };
});

const bunEntries: CatalogEntry[] = [
  {
    id: 'Bun.spawnSync',
    modules: [],
    global: 'Bun',
    path: 'spawnSync',
    kind: 'child_process',
    why: 'spawns a process and waits for it to exit',
    instead: '`await Bun.spawn(...).exited`',
    docs: 'https://bun.sh/docs/api/spawn#blocking-api-bun-spawnsync',
  },
];

/** Every blocking API loopguard knows, in documentation order. */
export const entries: readonly CatalogEntry[] = [
  ...fsEntries,
  ...fsExtraEntries,
  ...globEntries,
  ...childProcessEntries,
  ...spawnPackageEntries,
  ...cryptoEntries,
  ...bcryptEntries,
  ...zlibEntries,
  ...sqliteEntries,
  ...syncHttpEntries,
  ...waitEntries,
  ...deasyncEntries,
  ...denoEntries,
  ...bunEntries,
];

/** Classes whose instances carry blocking members. */
export const classes: readonly CatalogClass[] = [
  {
    id: 'better-sqlite3:Database',
    modules: ['better-sqlite3'],
    constructorPath: 'default',
    name: 'Database',
    typeNames: ['Database'],
    returns: { prepare: 'Statement' },
  },
  {
    id: 'better-sqlite3:Statement',
    modules: ['better-sqlite3'],
    constructorPath: '',
    name: 'Statement',
    typeNames: ['Statement'],
    returns: {},
  },
  {
    id: 'node:sqlite:DatabaseSync',
    modules: ['sqlite'],
    constructorPath: 'DatabaseSync',
    name: 'DatabaseSync',
    typeNames: ['DatabaseSync'],
    returns: { prepare: 'StatementSync' },
  },
  {
    id: 'node:sqlite:StatementSync',
    modules: ['sqlite'],
    constructorPath: '',
    name: 'StatementSync',
    typeNames: ['StatementSync'],
    returns: {},
  },
];
