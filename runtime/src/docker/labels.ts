/** Labels Docker Compose puts on the containers it creates: the one declaration the tree and the tasks read. */
export const COMPOSE_LABEL = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  /** `True` on `run` containers (one-offs), `False` on the service's own. */
  oneoff: 'com.docker.compose.oneoff',
  configFiles: 'com.docker.compose.project.config_files',
  workingDir: 'com.docker.compose.project.working_dir',
} as const;
