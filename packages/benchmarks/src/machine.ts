import * as os from 'node:os';

export interface Machine {
  readonly node: string;
  readonly platform: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  /** 1, 5 and 15 minute load averages when the run started and when it ended: how busy the machine was. */
  readonly loadAtStart: readonly number[];
  loadAtEnd?: readonly number[];
  readonly versions: Record<string, string>;
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.type()} ${os.release()} ${process.arch}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAtStart: os.loadavg(),
    versions: {
      eslint: versionOf('eslint'),
      '@typescript-eslint/parser': versionOf('@typescript-eslint/parser'),
      typescript: versionOf('typescript'),
      'eslint-plugin-n': versionOf('eslint-plugin-n'),
      'eslint-plugin-loopguard': versionOf('eslint-plugin-loopguard'),
    },
  };
}

function versionOf(pkg: string): string {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
