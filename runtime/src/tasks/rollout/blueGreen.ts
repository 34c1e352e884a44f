import type { Prepared } from "../context";
import { EXIT, Reporter } from "../reporter";
export async function runBlueGreen(_p: Prepared, r: Reporter, _s?: AbortSignal): Promise<number> { r.failure("blue-green: not yet"); return EXIT.failed; }
export async function runSwitchBack(_p: Prepared, r: Reporter, _s?: AbortSignal): Promise<number> { r.failure("switch-back: not yet"); return EXIT.failed; }
