/**
 * AWS security groups.
 * @module
 */
import type { RulesetParser } from '../types.js';
import { parseAwsSecurityGroups } from './parse.js';

export const aws: RulesetParser = {
  id: 'aws',
  names: ['aws-sg', 'security-groups'],
  title: 'AWS security groups: `aws ec2 describe-security-groups` JSON',
  scopes: ['host'],
  // A quote first (found fast): a file with none is no JSON export.
  detect: (text) => (text.includes('"') && (/"SecurityGroups"\s*:/.test(text) || /"IpPermissions"\s*:/.test(text)) ? 0.95 : 0),
  parse: parseAwsSecurityGroups,
};
