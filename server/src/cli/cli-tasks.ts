/**
 * The entry of the task commands' own bundle, dist/cli-tasks.js (build.mjs): the Docker client
 * stack they need (dockerode, ssh2, grpc…) is 2 MB that `check` must neither read nor compile.
 * Named as its bundle: main.ts's require of ./cli-tasks finds this module from source, and the bundle
 * beside dist/cli-main.js once built (the path is external in scripts/bundleOptions.json).
 */
export { runTaskCommand } from './tasks';
