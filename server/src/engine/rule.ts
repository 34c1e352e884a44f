/**
 * The contract every rule module fulfils. Nothing here knows about LSP or VS Code:
 * the language server and the CLI are adapters over these types.
 */
import type { OffsetRange } from './text';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';
export type RuleKind = 'compose' | 'dockerfile';
/** Where a compose file is deployed: `docker compose up` (default) or `docker stack deploy` (Swarm), which honours a different set of keys. */
export type Target = 'compose' | 'swarm';
export const TARGETS: readonly Target[] = ['compose', 'swarm'];

/** A text edit against the original text of one file. */
export interface TextEdit {
  file: string;
  range: OffsetRange;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Safe fixes are applied by `--fix` and "Fix all"; unsafe ones need a human (e.g. placeholders to confirm). */
  safe: boolean;
}

export interface RelatedInfo {
  file: string;
  range: OffsetRange;
  message: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  range: OffsetRange;
  /** Compose service the finding belongs to (for per-service suppression and fixes). */
  service?: string;
  related?: RelatedInfo[];
  /** Rule-private facts the fix needs (kept JSON-serialisable: it travels in Diagnostic.data). */
  data?: Record<string, unknown>;
}

/** What an editor needs to know about a rule's findings beyond the fix (the adapters ask, never name a rule). */
export interface EditorHints {
  /** The finding marks text that does nothing (editors fade it): e.g. an obsolete key. */
  unnecessary?: boolean;
  /**
   * Quick fixes besides `fix` that reach outside the compose model (e.g. write another file of the
   * workspace). Offered in editors only; `--fix` and "Fix all" never apply them. An edit of a file
   * that `readFile` says does not exist creates it.
   */
  alternativeFixes?(finding: Finding, env: AlternativeFixEnv): Fix[];
}

export interface AlternativeFixEnv {
  /** Current text of the finding's file (the open document, unsaved edits included). */
  text: string;
  /** Workspace folder holding the file (its directory when it is in none). */
  workspaceFolder: string;
  /** Current text of another file, or undefined when it does not exist. */
  readFile(path: string): string | undefined;
}

export interface RuleMeta extends EditorHints {
  id: string;
  kind: RuleKind;
  title: string;
  /** Why it matters: shown in hovers and docs/rules.md. */
  rationale: string;
  /** Targets the rule applies to (absent: every target); e.g. Swarm rules run only for `swarm`. */
  targets?: readonly Target[];
  defaultSeverity: Severity;
  /** Short description of the quick fix, for docs. */
  fixDescription?: string;
  /** Relaxed in development override files (issue: compose as Docker sees it). */
  relaxedInDevelopment?: boolean;
  /**
   * The rule reports a setting a service lacks (at the service key). Such a finding is not made
   * on a patch (a service with no image, build or extends in a file checked alone: an override
   * fragment adding keys to a service of another file); the set the fragment belongs to judges
   * the merged service. Findings about values written in the patch still apply.
   */
  reportsAbsence?: boolean;
  /**
   * `service`: what the rule finds about a service depends on that service alone (its own values,
   * the top-level sections, the image or Dockerfile it names), never on other services. On a
   * keystroke inside one service such a rule re-runs on that service only, and its findings about the
   * others are carried over (project/serviceReuse.ts). Not for rules that use `isOneShot` (who waits
   * for whom), proxy facts, `model.service(other)`, or that count or compare services.
   * `test/property/incremental.test.ts` checks that the reuse gives exactly a full check's findings.
   */
  scope?: 'service';
}

export interface Rule<Ctx> extends RuleMeta {
  check(ctx: Ctx): Iterable<FindingDraft>;
  fix?(ctx: Ctx, finding: Finding): Fix | undefined;
}

/** What a rule yields; the runner fills in ruleId and the configured severity. */
export type FindingDraft = Omit<Finding, 'ruleId' | 'severity'> & { severity?: Severity };
