/**
 * Per-service facts remembered for as long as the service's merged value lives. A keystroke inside one
 * service re-parses that service in place and keeps the merged value (the same object) of every other
 * service (project/serviceReuse.ts), so a rule that compares services can derive what it needs of each
 * service once and, on the next keystroke, recompute it for the edited service only.
 *
 * What a memo returns must depend on the merged value alone (not on other services, settings or
 * `.env`, which give new merged values when they change) and must not hold offsets: the nodes of an
 * untouched service keep their identity but move when text before them is edited, so keep nodes or
 * ValueRefs and compute ranges when reporting. Nor may it hold strings sliced from the file's text: V8
 * keeps the whole string alive behind a slice, so each re-derived service would pin its version of the
 * text (copy them with ownText). Views without a merged value (the single-file model of
 * the CLI, which checks a file once) are remembered by the view, for as long as that one model lives
 * (several rules of one check ask for the same facts).
 */
// One implementation with the model's own per-service facts (compose/facts.ts).
export { perService as memoByService } from '../../compose/facts';
export { ownText } from '../../text';
