/**
 * HTTPS: tablets need a secure context on the plant's network. The server serves TLS with the
 * site's certificate (made here with openssl as the README shows), and refuses plain HTTP
 * anywhere but localhost unless a reverse proxy terminates TLS.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get } from 'node:https';
import { afterAll, describe, expect, it } from 'vitest';
import { startSiteServer } from './serve';

const folder = mkdtempSync(join(tmpdir(), 'ponte-tls-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** GET over HTTPS trusting only `ca` (none: the system's store). */
function getJson(url: string, ca?: Buffer): Promise<unknown> {
  return new Promise((resolve, reject) => {
    get(url, ca ? { ca } : {}, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve(JSON.parse(text)));
    }).on('error', reject);
  });
}

function siteCertificate() {
  const at = (name: string) => join(folder, name);
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: folder, stdio: 'pipe' });
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', '/CN=Ponte test CA', '-keyout', 'ca.key', '-out', 'ca.crt']);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'site.key', '-out', 'site.csr']);
  writeFileSync(at('san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1');
  run(['x509', '-req', '-in', 'site.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30', '-extfile', 'san.ext', '-out', 'site.crt']);
  return { ca: readFileSync(at('ca.crt')), cert: readFileSync(at('site.crt')), key: readFileSync(at('site.key')) };
}

describe('the site server over HTTPS', () => {
  it('serves the API with the site certificate, trusted through the site CA', async () => {
    const { ca, cert, key } = siteCertificate();
    const server = await startSiteServer({ port: 0, host: '127.0.0.1', dataDir: join(folder, 'data'), tls: { cert, key } });
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(await getJson(`${server.url}/api/v1/health`, ca)).toEqual({ ok: true, database: 'pglite' });
      // Without the site CA the certificate is not trusted.
      await expect(getJson(`${server.url}/api/v1/health`)).rejects.toThrow(/certificate/);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('refuses plain HTTP on the network without a certificate or a proxy in front', () => {
    const result = spawnSync(process.execPath, ['bin/ponte.js', 'serve', '--host', '0.0.0.0', '--data', join(folder, 'refused')], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('plain HTTP is served on localhost only: give --tls-cert and --tls-key to serve 0.0.0.0, or --behind-proxy');
    const half = spawnSync(process.execPath, ['bin/ponte.js', 'serve', '--tls-cert', 'x.crt'], { encoding: 'utf8' });
    expect(half.stderr).toContain('--tls-cert and --tls-key go together');
  });
});
