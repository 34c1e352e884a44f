/**
 * Values built from an unset variable. In a project (a set loaded with its `.env` and environment),
 * `${VAR}` with no default and no value is substituted as an empty string. What the value really is
 * depends on the shell that runs `docker compose`, which the checker cannot see; with a `.env`
 * present, env-variable-unset reports the variable itself. Rules that judge a value (an image tag, a
 * container name, `read_only`) stay quiet on such a value instead of judging the blank
 * (`"nginx:"`, `".ollama"`, `read_only: ""`).
 */
import type { Node } from 'yaml';
import type { ComposeModel, ValueRef } from '../../compose/model';
import { ComposeProject } from '../../project/project';

const unsetNodes = new WeakMap<ComposeProject, { count: number; nodes: Set<Node> }>();

export function fromUnsetVariable(model: ComposeModel, ref: ValueRef | undefined): boolean {
  if (!ref?.node || !(model instanceof ComposeProject)) return false;
  const problems = model.interpolationProblems;
  let hit = unsetNodes.get(model);
  if (!hit || hit.count !== problems.length) {
    hit = { count: problems.length, nodes: new Set(problems.filter((p) => p.kind === 'unset').map((p) => p.node)) };
    unsetNodes.set(model, hit);
  }
  return hit.nodes.has(ref.node);
}
