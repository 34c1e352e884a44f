/** Runs a command in a container through the Docker API (argument array, no shell). */
import type Docker from 'dockerode';
import { PassThrough } from 'node:stream';

export interface ExecResult {
  code: number;
  /** stdout and stderr interleaved, capped at 16 KB. */
  output: string;
}

export async function execIn(docker: Docker, containerId: string, cmd: string[], timeoutMs = 30_000): Promise<ExecResult> {
  const exec = await docker.getContainer(containerId).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  let output = '';
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => {
    if (output.length < 16_384) output += c.toString('utf8');
  });
  docker.modem.demuxStream(stream, sink, sink);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      output += `\n(no answer within ${timeoutMs / 1000} s)`;
      stream.destroy();
      resolve();
    }, timeoutMs);
    stream.on('end', () => (clearTimeout(timer), resolve()));
    stream.on('close', () => (clearTimeout(timer), resolve()));
    stream.on('error', () => (clearTimeout(timer), resolve()));
  });
  const info = await exec.inspect();
  return { code: info.ExitCode ?? (info.Running ? -1 : 0), output: output.slice(0, 16_384) };
}
