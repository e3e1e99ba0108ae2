import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROLE_NAMES } from '../catalog/roles.js';
import { ROOT } from '../../test/helpers.js';
import { deploymentJsonSchema } from './schema.js';

describe('published JSON Schema', () => {
  it('schema/deployment.schema.json is the schema generated from the code (run `node bin/vbrwall.js schema > schema/deployment.schema.json`)', () => {
    const published = JSON.parse(readFileSync(join(ROOT, 'schema', 'deployment.schema.json'), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(deploymentJsonSchema())));
  });

  it('lists every role for completion', () => {
    const s = deploymentJsonSchema() as { properties: { hosts: { additionalProperties: { properties: { roles: { items: { enum: string[] } } } } } } };
    expect(s.properties.hosts.additionalProperties.properties.roles.items.enum).toEqual([...ROLE_NAMES]);
  });
});
