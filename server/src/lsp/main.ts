/**
 * Language server entry: `ai-stack-language-server --stdio` for any editor, or spawned by the
 * VS Code client over IPC (vscode-languageserver picks the transport from argv).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { quietYamlWarnings } from './processWarnings';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write('Usage: ai-stack-language-server --stdio\nAI Stack hardening diagnostics for Docker Compose files and Dockerfiles over the Language Server Protocol.\n');
  process.exit(0);
}
if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.stderr.write('ai-stack-language-server: choose a transport, e.g. --stdio\n');
  process.exit(2);
}
const server = startServer(createConnection(ProposedFeatures.all));
quietYamlWarnings((message) => server.connection.console.log(message));
