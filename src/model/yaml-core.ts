/**
 * A js-yaml schema that reads plain scalars exactly as the `yaml` package reads them with its
 * YAML 1.2 core schema (the same patterns, in the same order), so that the quick load path and the
 * full one agree on every value: `0b101` and `-0x1F` stay strings, `+.5` is a number.
 * @module
 */
import jsyaml from 'js-yaml';

/**
 * One js-yaml type per tag (js-yaml keeps only the last type of a tag): the patterns in yaml's
 * order. js-yaml asks every type about every plain scalar (each name, address and key of a 2,000-host
 * file): `firsts` holds every character a match can start with, so that a scalar starting with any
 * other character is turned down without its patterns (the empty scalar is always asked).
 */
const scalar = (tag: string, firsts: string, forms: [RegExp, (s: string) => unknown][]) => {
  const any = new RegExp(forms.map(([re]) => re.source).join('|'));
  return new jsyaml.Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (s: string | null) => {
      const t = s ?? '';
      return (t === '' || firsts.includes(t[0]!)) && any.test(t);
    },
    construct: (s: string | null) => forms.find(([re]) => re.test(s ?? ''))![1](s ?? ''),
  });
};

export const CORE_LIKE_YAML = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    scalar('null', '~nN', [[/^(?:~|[Nn]ull|NULL)?$/, () => null]]),
    scalar('bool', 'tTfF', [[/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (s) => s[0] === 't' || s[0] === 'T']]),
    scalar('int', '+-0123456789', [
      [/^0o[0-7]+$/, (s) => parseInt(s.substring(2), 8)],
      [/^[-+]?[0-9]+$/, (s) => parseInt(s, 10)],
      [/^0x[0-9a-fA-F]+$/, (s) => parseInt(s.substring(2), 16)],
    ]),
    scalar('float', '+-.0123456789', [
      [/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, (s) => (s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY)],
      [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, (s) => parseFloat(s)],
      [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, (s) => parseFloat(s)],
    ]),
  ],
});
