/**
 * Images whose entrypoint reads `<VAR>_FILE` in place of `<VAR>` (the docker-library `file_env`
 * helper, written "especially for Docker's secrets feature"), so a Swarm secret can replace the
 * variable without touching the image.
 */
import type { ImageRef } from '../../../compose/facts';

interface FileEnvImage {
  repositories: string[];
  variables: string[];
  source: string;
}

const IMAGES: FileEnvImage[] = [
  {
    repositories: ['postgres', 'pgvector/pgvector', 'postgis/postgis', 'ankane/pgvector'],
    variables: ['POSTGRES_PASSWORD', 'POSTGRES_USER', 'POSTGRES_DB', 'POSTGRES_INITDB_ARGS'],
    source: 'https://github.com/docker-library/postgres/blob/master/docker-entrypoint.sh',
  },
  {
    repositories: ['mysql'],
    variables: ['MYSQL_ROOT_PASSWORD', 'MYSQL_PASSWORD', 'MYSQL_USER', 'MYSQL_DATABASE', 'MYSQL_ROOT_HOST'],
    source: 'https://github.com/docker-library/mysql/blob/master/8.4/docker-entrypoint.sh',
  },
  {
    repositories: ['mariadb'],
    variables: ['MARIADB_ROOT_PASSWORD', 'MARIADB_PASSWORD', 'MARIADB_USER', 'MARIADB_DATABASE', 'MYSQL_ROOT_PASSWORD', 'MYSQL_PASSWORD', 'MYSQL_USER', 'MYSQL_DATABASE'],
    source: 'https://github.com/MariaDB/mariadb-docker/blob/master/docker-entrypoint.sh',
  },
];

export const FILE_ENV_SOURCES = IMAGES.map((i) => i.source);

/** True when the image reads `<name>_FILE` for this variable. */
export function readsFileVariant(image: ImageRef | undefined, name: string): boolean {
  return !!image && IMAGES.some((i) => i.repositories.includes(image.repository) && i.variables.includes(name));
}
