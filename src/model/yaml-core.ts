/**
 * A js-yaml schema that reads plain scalars exactly as the `yaml` package reads them with its
 * YAML 1.2 core schema (the same patterns, in the same order), so that the quick load path and the
 * full one agree on every value: `0b101` and `-0x1F` stay strings, `+.5` is a number.
 * @module
 */
import jsyaml from 'js-yaml';

/** One js-yaml type per tag (js-yaml keeps only the last type of a tag): the patterns in yaml's order. */
const scalar = (tag: string, forms: [RegExp, (s: string) => unknown][]) =>
  new jsyaml.Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (s: string | null) => forms.some(([re]) => re.test(s ?? '')),
    construct: (s: string | null) => forms.find(([re]) => re.test(s ?? ''))![1](s ?? ''),
  });

export const CORE_LIKE_YAML = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    scalar('null', [[/^(?:~|[Nn]ull|NULL)?$/, () => null]]),
    scalar('bool', [[/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (s) => s[0] === 't' || s[0] === 'T']]),
    scalar('int', [
      [/^0o[0-7]+$/, (s) => parseInt(s.substring(2), 8)],
      [/^[-+]?[0-9]+$/, (s) => parseInt(s, 10)],
      [/^0x[0-9a-fA-F]+$/, (s) => parseInt(s.substring(2), 16)],
    ]),
    scalar('float', [
      [/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, (s) => (s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY)],
      [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, (s) => parseFloat(s)],
      [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, (s) => parseFloat(s)],
    ]),
  ],
});
