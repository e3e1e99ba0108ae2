/**
 * The Aerleon target: a YAML policy with its network and service definitions.
 * @module
 */
import type { Renderer } from '../types.js';
import { AERLEON_SUPPORTS, renderAerleon } from './render.js';

export const aerleon: Renderer = {
  id: 'aerleon',
  names: ['capirca'],
  title: 'Aerleon YAML policy and definitions (aclgen: paloalto, srx, nftables, windows_advfirewall...)',
  kind: 'policy',
  extension: 'yaml',
  supports: AERLEON_SUPPORTS,
  docs: [
    'https://github.com/aerleon/aerleon/blob/main/docs/reference/yaml_reference.md',
    'https://github.com/aerleon/aerleon/blob/main/docs/getting_started.md',
    'https://github.com/aerleon/aerleon/blob/main/aerleon/lib/naming.py',
    'https://github.com/aerleon/aerleon/blob/main/docs/user/generators/paloaltofw.md',
    'https://github.com/aerleon/aerleon/blob/main/docs/user/generators/junipersrx.md',
    'https://github.com/aerleon/aerleon/blob/main/docs/user/generators/nftables.md',
    'https://github.com/aerleon/aerleon/blob/main/docs/user/generators/windows_advfirewall.md',
  ],
  render: renderAerleon,
};
