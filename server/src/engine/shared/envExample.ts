/**
 * What a `.env.example` says about variables: a variable commented out there (`# OPENAI_API_KEY=`),
 * or marked optional on its line or in the comment just above it, is optional.
 */
export function optionalInEnvExample(text: string): Set<string> {
  const out = new Set<string>();
  let commentSaysOptional = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const commented = /^#\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line);
    const set = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line);
    if (commented) out.add(commented[1]);
    else if (set) {
      if (commentSaysOptional || /#.*\boptional\b/i.test(line)) out.add(set[1]);
    }
    commentSaysOptional = line.startsWith('#') && !commented && /\boptional\b/i.test(line);
    if (line === '') commentSaysOptional = false;
  }
  return out;
}
