export { startServer } from './server';
export type { ClientProfile, LintResult } from './types';
export { CodeActions, SOURCE_CONVERT_ALL, minimalEdit, type ActionData } from './code-actions';
export { RULE_DOCS_URL, relatedInformation, toDiagnostic, toFindings, type ChainStep, type DiagnosticData, type Finding } from './findings';
export { LintEngine, ProjectConfigs, RULE_ID, type RuleOptions } from './lint-engine';
export * from './protocol';
export { DEFAULT_SETTINGS, normalizeSettings, SettingsStore, type Settings } from './settings';
