// Logs and shells as pseudoterminals over the Docker API (the same engine the view shows, no CLI).
// Closing the terminal ends the stream; the stream ending tells the user and keeps the text.
import type Docker from 'dockerode';
import { PassThrough, type Duplex, type Readable } from 'node:stream';
import * as vscode from 'vscode';
import { describeError } from '../../../runtime/src';

const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');

export function openLogsTerminal(docker: Docker, id: string, name: string, tty: boolean): vscode.Terminal {
  const write = new vscode.EventEmitter<string>();
  const abort = new AbortController();
  let stream: Readable | undefined;
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    open: () => {
      docker
        .getContainer(id)
        .logs({ follow: true, stdout: true, stderr: true, tail: 1000, abortSignal: abort.signal } as Docker.ContainerLogsOptions & { follow: true })
        .then((s) => {
          stream = s as unknown as Readable;
          if (abort.signal.aborted) return void stream.destroy();
          const emit = (chunk: Buffer) => write.fire(crlf(chunk.toString('utf8')));
          if (tty) {
            stream.on('data', emit);
          } else {
            // Without a TTY the engine multiplexes stdout and stderr with 8-byte frame headers.
            const out = new PassThrough();
            const err = new PassThrough();
            out.on('data', emit);
            err.on('data', (chunk: Buffer) => write.fire(`\x1b[31m${crlf(chunk.toString('utf8'))}\x1b[0m`));
            docker.modem.demuxStream(stream, out, err);
          }
          stream.on('end', () => write.fire(`\r\n\x1b[2m[log stream ended: ${name} stopped or was removed]\x1b[0m\r\n`));
          stream.on('error', (e) => !abort.signal.aborted && write.fire(`\r\n[log stream failed: ${describeError(e)}]\r\n`));
        })
        .catch((e) => write.fire(`Cannot read the logs of ${name}: ${describeError(e)}\r\n`));
    },
    close: () => {
      abort.abort();
      stream?.destroy();
      write.dispose();
    },
  };
  const terminal = vscode.window.createTerminal({ name: `logs: ${name}`, pty, iconPath: new vscode.ThemeIcon('output') });
  terminal.show();
  return terminal;
}

/** Prefers bash, falls back to sh; the script is a constant, nothing from the container is interpolated. */
const SHELL_CMD = ['/bin/sh', '-c', 'if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi'];

export function openShellTerminal(docker: Docker, id: string, name: string): vscode.Terminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  let stream: Duplex | undefined;
  let exec: Docker.Exec | undefined;
  let size: vscode.TerminalDimensions | undefined;
  const resize = () => {
    if (exec && size) exec.resize({ h: size.rows, w: size.columns }).catch(() => undefined);
  };
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: (dims) => {
      size = dims;
      void (async () => {
        try {
          exec = await docker.getContainer(id).exec({ Cmd: SHELL_CMD, AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true });
          stream = (await exec.start({ hijack: true, stdin: true, Tty: true })) as Duplex;
          resize();
          stream.on('data', (chunk: Buffer) => write.fire(chunk.toString('utf8')));
          stream.on('end', async () => {
            const info = await exec?.inspect().catch(() => undefined);
            close.fire(info?.ExitCode ?? 0);
          });
          stream.on('error', (e) => write.fire(`\r\n[shell connection failed: ${describeError(e)}]\r\n`));
        } catch (e) {
          write.fire(`Cannot open a shell in ${name}: ${describeError(e)}\r\n`);
        }
      })();
    },
    handleInput: (data) => stream?.write(data),
    setDimensions: (dims) => {
      size = dims;
      resize();
    },
    close: () => {
      stream?.end();
      stream?.destroy();
      write.dispose();
    },
  };
  const terminal = vscode.window.createTerminal({ name: `shell: ${name}`, pty, iconPath: new vscode.ThemeIcon('terminal') });
  terminal.show();
  return terminal;
}
