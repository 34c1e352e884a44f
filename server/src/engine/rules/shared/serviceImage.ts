/**
 * What a service's image already provides, as far as it can be known: the Dockerfile a `build:`
 * names (projects read from disk only: the single-file analysis of a text reads nothing), else the
 * image-facts table for a registry image. Unknown stays unknown (undefined fields).
 */
import type { ComposeModel, ServiceView } from '../../compose/model';
import { healthState, imageOf, perService } from '../../compose/facts';
import { buildFacts, type BuildFacts } from '../../project/buildImage';
import { ComposeProject } from '../../project/project';
import { imageFacts, isRootUser, type ImageFacts } from '../../shared/imageFacts';
import type { RelatedInfo } from '../../rule';

export interface ServiceImage {
  /** Set when the service builds its image and the Dockerfile was read. */
  build?: BuildFacts;
  /** Facts of the registry image (`image:`, or the image the Dockerfile builds on). */
  facts?: ImageFacts;
  /** Where the image comes from, for messages: `Dockerfile (stage "app")`, `image Grafana`. */
  label: string;
  /** The user the image runs as; `known: false` when it cannot be told (an unresolved ARG, an image not in the table). */
  user: { value?: string; known: boolean; from?: string };
  /** The image defines a HEALTHCHECK itself. */
  healthcheck: boolean;
  volumes: string[];
  expose: string[];
}

/** What the service's image provides (a built image's facts are read through the model: remembered per model; a registry image's per service). */
export const serviceImage: (model: ComposeModel, svc: ServiceView) => ServiceImage | undefined = perServiceImage(compute);

const builds = perService((svc) => svc.get(['build']) !== undefined);

function compute(model: ComposeModel, svc: ServiceView): ServiceImage | undefined {
  if (svc.get(['build'])) {
    const build = model instanceof ComposeProject ? buildFacts(model, svc) : undefined;
    // Unread Dockerfile: with `image:` beside `build:` the build is tagged as that image (a
    // project building its own published image, e.g. LocalAI): the table's facts of that image are
    // the best evidence left. Without `image:` nothing is known.
    if (!build) return svc.get(['image']) ? registryImage(svc) : undefined;
    const facts = build.base ? imageFacts(build.base.repository, build.base.tag) : undefined;
    const user = build.user
      ? { value: build.user.value, known: build.user.resolved, from: `USER ${build.user.value} in ${build.label}` }
      : facts?.user
        ? { value: facts.user, known: true, from: `${facts.name}, the base image of ${build.label}` }
        : // No USER anywhere: root, unless the base image (not in the table) switches users.
          { value: 'root', known: false, from: `${build.label} sets no USER` };
    const healthcheck = build.healthcheck ? build.healthcheck.state === 'present' : facts?.healthcheck === true;
    return { build, facts, label: build.label, user, healthcheck, volumes: [...(facts?.volumes ?? []), ...build.volumes], expose: build.expose };
  }
  return registryImage(svc);
}

function registryImage(svc: ServiceView): ServiceImage | undefined {
  const image = imageOf(svc);
  const facts = image && imageFacts(image.repository, image.tag);
  if (!facts) return undefined;
  return {
    facts,
    label: `the ${facts.name} image`,
    user: facts.user ? { value: facts.user, known: true, from: `the ${facts.name} image` } : { known: false },
    healthcheck: facts.healthcheck === true,
    volumes: facts.volumes ?? [],
    expose: [],
  };
}

/** The image runs as a non-root user by itself. */
export function imageRunsNonRoot(si: ServiceImage | undefined): boolean {
  if (!si) return false;
  if (!si.user.known) return si.build?.user !== undefined; // USER ${UID}: the author chose a user
  return !!si.user.value && !isRootUser(si.user.value);
}

export type EffectiveHealth = 'present' | 'image' | 'missing' | 'disabled';

/** The compose healthcheck, else the image's own HEALTHCHECK ('image'). */
export const effectiveHealth: (model: ComposeModel, svc: ServiceView) => EffectiveHealth = perServiceImage((model, svc) => {
  const state = healthState(svc);
  if (state !== 'missing') return state;
  return serviceImage(model, svc)?.healthcheck ? 'image' : 'missing';
});

/**
 * A fact of a service and of what its image provides: remembered per service (perService) when the
 * image is a registry image, per model when the service builds it (the Dockerfile is read through
 * the model, and may change while the service does not). `compute` may use the model only to ask
 * serviceImage (which for a registry image does not depend on it), never for other services.
 */
export function perServiceImage<T>(compute: (model: ComposeModel, svc: ServiceView) => T): (model: ComposeModel, svc: ServiceView) => T {
  const byModel = new WeakMap<ComposeModel, WeakMap<ServiceView, { value: T }>>();
  let asking: ComposeModel | undefined; // the model of the call under way (not kept after it: a closed project must be freed)
  // Undefined for a service that builds its image.
  const registry = perService((svc) => (builds(svc) ? undefined : { value: compute(asking!, svc) }));
  return (model, svc) => {
    asking = model;
    let hit;
    try {
      hit = registry(svc);
    } finally {
      asking = undefined;
    }
    if (hit) return hit.value;
    let perModel = byModel.get(model);
    if (!perModel) byModel.set(model, (perModel = new WeakMap()));
    let built = perModel.get(svc);
    if (!built) perModel.set(svc, (built = { value: compute(model, svc) }));
    return built.value;
  };
}

/** Related information pointing at the Dockerfile stage (or its USER/HEALTHCHECK line), for a finding on a built service. */
export function dockerfileRelated(si: ServiceImage | undefined, what: 'user' | 'healthcheck', message: string): RelatedInfo[] {
  const build = si?.build;
  if (!build || build.dockerfile === 'dockerfile_inline') return [];
  const range = (what === 'user' ? build.user?.range : build.healthcheck?.range) ?? build.stageRange;
  return [{ file: build.dockerfile, range, message }];
}
