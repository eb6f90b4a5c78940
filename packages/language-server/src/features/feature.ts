import type { ServerCapabilities } from 'vscode-languageserver';
import type { ClientProfile } from '../types';

/** What a feature module's `register(context)` returns: the capabilities it adds, and work after `initialized`. */
export interface Feature {
  capabilities?(profile: ClientProfile): ServerCapabilities;
  initialized?(): void;
}
