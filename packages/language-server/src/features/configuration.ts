import { DidChangeConfigurationNotification } from 'vscode-languageserver';
import type { ServerContext } from '../server-context';
import type { Feature } from './feature';

/** `loopguard.*` settings: a change drops the cached project configs and diagnoses every document again. */
export function register(context: ServerContext): Feature {
  context.connection.onDidChangeConfiguration((params) => {
    context.settings.changed(params.settings);
    context.projectConfigs.reset();
    context.refreshOrPush(() => context.pushAll());
  });
  return {
    initialized() {
      if (context.profile.configurationRegistration) {
        context.background(context.connection.client.register(DidChangeConfigurationNotification.type, { section: 'loopguard' }), 'registering for configuration changes');
      }
    },
  };
}
