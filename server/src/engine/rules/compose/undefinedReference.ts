import path from 'node:path';
import type { ComposeContext } from '../../compose/context';
import { perService } from '../../compose/facts';
import { ComposeProject } from '../../project/project';
import { definedNames, isBuiltInNetworkName, referencesOf } from '../../project/references';
import { didYouMean } from '../../project/suggest';
import type { FindingDraft, Rule } from '../../rule';
import { servicesOf } from '../shared/util';

const SINGULAR = { services: 'service', networks: 'network', volumes: 'volume', secrets: 'secret', configs: 'config' } as const;
/** Fragments meant to be combined with other files: alone, their references to the base file look undefined. */
const FRAGMENT = /(\.override\.|\.dev\.|^compose\.dev|\.prod\.|\.local\.)/i;

/** The names a service refers to, without where they are written (remembered per service; the places are read only for a finding). */
const namesUsedBy = perService((svc) => referencesOf(svc).map(({ section, name }) => ({ section, name })));

export const undefinedReference: Rule<ComposeContext> = {
  id: 'undefined-reference',
  kind: 'compose',
  title: 'References must name something that is defined',
  rationale:
    '`depends_on`, `networks`, `volumes`, `secrets`, `configs` and `extends` name services and top-level resources. A name nobody defines makes `docker compose up` refuse the whole project, usually because of a typo or a file missing from the set. Checked alone, an override fragment or a file with top-level `include:` is not judged: the names it uses are defined in files it cannot see; the project model, which loads the set and follows `include:`, judges them (unless a file of the set is missing: project-file-missing reports that first).',
  defaultSeverity: 'error',
  *check(ctx) {
    const project = ctx.model instanceof ComposeProject ? ctx.model : undefined;
    // A lone override file is a fragment: its references point into the base file we cannot see.
    if (!project && FRAGMENT.test(path.basename(ctx.file.path))) return;
    // Checked alone, a file with `include:` does not see what the included files define; loaded as
    // a project (which follows include:) it is judged with them.
    if (!project && ctx.model.top('include')) return;
    // Likewise when a file of the set could not be read (project-file-missing reports that): the
    // names may be defined there.
    if (project?.loadProblems.some((p) => p.code === 'project-file-missing')) return;
    const defined = new Map<string, Set<string>>();
    const namesOf = (section: keyof typeof SINGULAR) => {
      if (!defined.has(section)) defined.set(section, definedNames(ctx.model, section));
      return defined.get(section)!;
    };
    const isDefined = (ref: { section: keyof typeof SINGULAR; name: string }) => namesOf(ref.section).has(ref.name) || (ref.section === 'networks' && isBuiltInNetworkName(ref.name));
    for (const svc of servicesOf(ctx)) {
      if (namesUsedBy(svc).every(isDefined)) continue;
      for (const ref of referencesOf(svc)) {
        if (isDefined(ref)) continue;
        const names = namesOf(ref.section);
        const draft: FindingDraft = {
          message: `${ref.setting} of "${svc.name}" refers to ${SINGULAR[ref.section]} "${ref.name}", which is not defined${ref.section === 'services' ? '' : ` under top-level ${ref.section}:`}.${didYouMean(ref.name, names)}`,
          service: svc.name,
          file: ref.file.path,
          range: ref.range,
          data: { section: ref.section, name: ref.name },
        };
        yield draft;
      }
    }
    for (const ext of project?.extendsRefs ?? []) {
      if (ext.found || !ext.candidates) continue;
      if (ext.targetPath !== ext.file.path && !project!.fileAt(ext.targetPath)) continue; // missing file: reported by project-file-missing
      const where = ext.targetPath === ext.file.path ? '' : ` in ${path.basename(ext.targetPath)}`;
      yield {
        message: `extends of "${ext.service}" refers to service "${ext.target}", which is not defined${where}.${didYouMean(ext.target, ext.candidates)}`,
        service: ext.service,
        file: ext.file.path,
        range: ext.file.rangeOf(ext.nameNode),
        data: { section: 'services', name: ext.target },
      };
    }
  },
};
