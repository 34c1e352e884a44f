/**
 * "Move migration to a one-off task" (the `no-migrations-in-startup` finding). The rule provides it
 * as an alternative fix (the editor offers it without naming the rule); the task CLI and tests use
 * the same pure functions from here.
 */
export { addTask, moveMigrationToTask, toArgv } from '../../../server/src/engine/rules/compose/noMigrationsInStartup';
export type { MoveMigrationEdits, MoveMigrationInput, MoveMigrationResult } from '../../../server/src/engine/rules/compose/noMigrationsInStartup';
