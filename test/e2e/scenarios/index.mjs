// Scenarios in the order of the issue; each is independent (own workspace, own browser context).
import problems from './01-problems.mjs';
import quickFix from './02-quickfix.mjs';
import containers from './03-containers.mjs';

export const scenarios = [problems, quickFix, containers];
