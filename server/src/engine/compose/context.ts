import type { ComposeModel } from './model';
import type { SourceFile } from './sourceFile';

/** What a compose rule sees: the model (one file or a merged file set) and the file being checked. */
export interface ComposeContext {
  model: ComposeModel;
  file: SourceFile;
}
