// Lints every fixture project through ESLint's API, typed and untyped, and returns plain data for the findings
// snapshot (scripts/snapshot-findings.mjs writes it; tests/projects/snapshot.test.ts compares with it).
const fs = require('node:fs');
const path = require('node:path');

const FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs'];

/** The fixture projects, relative to the repository root; `typed` when the project has a tsconfig. */
function fixtureProjects(repo) {
  const dirs = ['fixtures/example-app', 'fixtures/patterns'];
  for (const parent of ['fixtures/projects', 'fixtures/cli']) {
    for (const name of fs.readdirSync(path.join(repo, parent)).sort()) {
      if (fs.statSync(path.join(repo, parent, name)).isDirectory()) dirs.push(`${parent}/${name}`);
    }
  }
  return dirs.map((dir) => ({ dir, typed: fs.existsSync(path.join(repo, dir, 'tsconfig.json')) }));
}

/** Applies one fix ({ range, text }) to a text. */
function applyFix(text, fix) {
  return text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
}

/**
 * `chainOf(lintMessage, absoluteFile)` returns the finding's call chain as [{ name, file (absolute), line, column }]
 * or undefined; how it gets it is what this snapshot guards. `processor`: the plugin's findings processor, when
 * the chain comes from the finding's data (the snapshot was first recorded before there was one).
 */
async function lintFixture(repo, project, typed, plugin, chainOf, processor) {
  const { ESLint } = require('eslint');
  const tsParser = require('@typescript-eslint/parser');
  const dir = path.join(repo, project);
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    errorOnUnmatchedPattern: false,
    overrideConfig: [
      {
        files: FILES,
        ignores: ['**/*.d.ts', '**/node_modules/**', '**/dist/**'],
        languageOptions: {
          parser: tsParser,
          parserOptions: typed ? { projectService: { allowDefaultProject: ['*.js', 'scripts/*.ts'] }, tsconfigRootDir: dir } : {},
        },
        plugins: { loopguard: plugin },
        ...(processor ? { processor } : {}),
        rules: { 'loopguard/no-blocking-io': 'error' },
      },
    ],
  });
  const results = await eslint.lintFiles(FILES);
  const findings = [];
  for (const result of results) {
    const text = fs.readFileSync(result.filePath, 'utf8');
    for (const m of result.messages) {
      const chain = m.fatal ? undefined : chainOf(m, result.filePath);
      findings.push({
        file: path.relative(dir, result.filePath).split(path.sep).join('/'),
        line: m.line,
        column: m.column,
        endLine: m.endLine,
        endColumn: m.endColumn,
        messageId: m.messageId ?? null,
        // A parser's error names the file by its absolute path: recorded relative to the repository, so that the
        // snapshot holds in any clone.
        message: m.fatal ? m.message.split('\n')[0].split(repo + path.sep).join('<repo>/') : m.message,
        chain: chain ? chain.map((s) => ({ name: s.name, file: path.relative(repo, s.file).split(path.sep).join('/'), line: s.line, column: s.column })) : null,
        suggestions: (m.suggestions ?? []).map((s) => ({ messageId: s.messageId ?? null, desc: s.desc, output: applyFix(text, s.fix) })),
      });
    }
  }
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || String(a.messageId).localeCompare(String(b.messageId)));
  return findings;
}

async function collectSnapshot(repo, plugin, chainOf, processor) {
  const projects = [];
  for (const { dir, typed } of fixtureProjects(repo)) {
    for (const mode of typed ? [true, false] : [false]) {
      projects.push({ project: dir, typed: mode, findings: await lintFixture(repo, dir, mode, plugin, chainOf, processor) });
    }
  }
  return { projects };
}

module.exports = { collectSnapshot, fixtureProjects, lintFixture };
