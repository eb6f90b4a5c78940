// The server process: `--stdio`, `--node-ipc` or `--socket=<port>` on the command line picks the transport.
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
