// Scenarios in the order of the issue; each is independent (own workspace, own browser context).
import problems from './01-problems.mjs';
import quickFix from './02-quickfix.mjs';
import containers from './03-containers.mjs';
import generators from './04-generators.mjs';
import smokeTask from './05-smoke-task.mjs';
import restricted from './06-restricted.mjs';
import vscodeSuite from './07-vscode-suite.mjs';
import walkthrough from './08-walkthrough.mjs';
import layouts from './09-real-layouts.mjs';
import workspaceDiagnostics from './10-workspace-diagnostics.mjs';
import tasksKeepDiagnostics from './11-tasks-keep-diagnostics.mjs';
import ollamaConnected from './12-ollama-connected.mjs';
import hoverMasking from './13-hover-masking.mjs';
import sharedSecretFix from './14-shared-secret-fix.mjs';
import swarmIdle from './15-swarm-idle.mjs';
import swarmActions from './16-swarm-actions.mjs';
import multiRoot from './17-multi-root.mjs';

export const scenarios = [problems, quickFix, containers, generators, smokeTask, restricted, vscodeSuite, walkthrough, layouts, workspaceDiagnostics, tasksKeepDiagnostics, ollamaConnected, hoverMasking, sharedSecretFix, swarmIdle, swarmActions, multiRoot];
