/**
 * port-host-ip-required and edges (issue 11, accuracy pattern 5): a service that terminates TLS
 * itself (publishes container port 443) faces clients on 80/443 by design; those two ports go to
 * proxy-all-interfaces, its other ports stay here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, underlined } from '../../support/rules';

const text = `services:
  caddy:
    image: caddy:2.9.1
    ports:
      - 80:80/tcp
      - 443:443/tcp
    volumes:
      - ./Caddyfile:/etc/caddy/Caddyfile:ro
  app:
    image: example/app:1.2.3
    ports:
      - \${WEB_HTTP_PORT}:80
      - \${WEB_HTTPS_PORT}:443
      - 9380:9380
  web:
    image: nginx:1.27.3
    ports:
      - 8080:80
`;

test('ports 80/443 of a TLS-terminating service are left to proxy-all-interfaces, its other ports are not', () => {
  const port = findings(text, 'port-host-ip-required').map((f) => `${f.service} ${underlined(text, f)}`);
  assert.deepEqual(port, ['app 9380:9380', 'web 8080:80']);
  const edge = findings(text, 'proxy-all-interfaces');
  assert.deepEqual(edge.map((f) => `${f.service} ${underlined(text, f)}`), ['caddy 80:80/tcp', 'caddy 443:443/tcp', 'app ${WEB_HTTP_PORT}:80', 'app ${WEB_HTTPS_PORT}:443']);
  assert.match(edge[2].message, /"app" terminates TLS for clients/);
  assert.equal(edge[0].severity, 'info');
});

test('port 80 alone (no TLS) is not an edge: bind it to the loopback behind a proxy', () => {
  const plain = `services:\n  web:\n    image: example/site:1.2.3\n    ports: ["80:80"]\n`;
  assert.equal(findings(plain, 'port-host-ip-required').length, 1);
  assert.deepEqual(findings(plain, 'proxy-all-interfaces'), []);
});
