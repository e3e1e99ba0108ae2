/**
 * `vbrwall schema`: the JSON Schema of the deployment file.
 * @module
 */
import { deploymentJsonSchema } from '../../model/schema.js';
import { EXIT } from '../exit.js';
import type { CommandContext } from '../io.js';

export async function run({ io }: CommandContext): Promise<number> {
  io.stdout(JSON.stringify(deploymentJsonSchema(), null, 2) + '\n');
  return EXIT.OK;
}
