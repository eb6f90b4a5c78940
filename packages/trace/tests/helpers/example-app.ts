import { pbkdf2Sync } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { compileApp, EXAMPLE_APP } from './build-app';

export interface PreparedApp {
  readonly root: string;
  readonly entry: string;
  readonly port: number;
  readonly env: NodeJS.ProcessEnv;
  readonly password: string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The example app compiled, with its data: a user to log in as, JSON rows for /report, templates, flags. */
export async function prepareExampleApp(): Promise<PreparedApp> {
  const { root, outDir } = compileApp(EXAMPLE_APP);
  const port = await freePort();
  const dataDir = path.join(root, 'data');
  const templatesDir = path.join(root, 'templates');
  const uploadsDir = path.join(root, 'uploads');
  for (const dir of [dataDir, templatesDir, uploadsDir]) fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'banner.txt'), 'example app');
  fs.writeFileSync(path.join(outDir, 'flags.json'), JSON.stringify({ newProfile: false }));
  fs.writeFileSync(path.join(templatesDir, 'profile.html'), '<h1>{{name}}</h1>');
  for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(dataDir, `row-${i}.json`), JSON.stringify({ i, text: 'x'.repeat(2000) }));
  const password = 'correct horse';
  const salt = 'abcdef0123456789';
  const db = new Database(path.join(dataDir, 'app.db'));
  db.exec('create table if not exists users (id integer primary key, name text, salt text, hash text)');
  db.prepare('insert into users (id, name, salt, hash) values (1, ?, ?, ?)').run('Ada', salt, pbkdf2Sync(password, salt, 100_000, 64, 'sha512').toString('hex'));
  db.close();
  const configFile = path.join(root, 'config.json');
  fs.writeFileSync(configFile, JSON.stringify({ port, dataDir, templatesDir, uploadsDir }));
  // /report runs `git rev-parse` in the app's folder.
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: root, stdio: 'ignore' });
  git('init', '-q');
  git('commit', '-q', '--allow-empty', '-m', 'app');
  return { root, entry: path.join(outDir, 'src', 'server.js'), port, env: { APP_CONFIG: configFile }, password };
}
