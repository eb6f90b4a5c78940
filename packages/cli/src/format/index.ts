import { json } from './json';
import { sarif } from './sarif';
import { stylish } from './stylish';
import type { Formatter } from './types';

export const formatters: Readonly<Record<string, Formatter>> = { stylish, json, sarif };
export type { FormatContext, Formatter } from './types';
