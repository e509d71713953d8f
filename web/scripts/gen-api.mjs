// Generates src/api/schema.d.ts from the backend's OpenAPI document (../openapi/openapi.json).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const input = path.resolve(webDir, process.env.OPENAPI_FILE ?? '../openapi/openapi.json');
const output = path.resolve(webDir, 'src/api/schema.d.ts');

if (!existsSync(input)) {
  console.error(`gen:api: ${input} does not exist yet (the backend writes it). Nothing generated.`);
  process.exit(1);
}

const bin = path.resolve(webDir, 'node_modules/.bin/openapi-typescript');
const res = spawnSync(bin, [input, '-o', output], { stdio: 'inherit', cwd: webDir });
process.exit(res.status ?? 1);
