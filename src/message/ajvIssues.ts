import { describeValue, issue, type Issue, type IssueCode } from './Issue.js';
import { resolveRef, type SchemaNode } from './schema.js';

/** The shape of an ajv error (verbose mode) that cpn-kit reads. */
export interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly parentSchema?: SchemaNode;
  readonly data?: unknown;
}

const typeWords: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  object: 'a JSON object',
  array: 'an array',
  boolean: 'true or false',
  null: 'null',
};

function pathSegments(instancePath: string): string[] {
  return instancePath === ''
    ? []
    : instancePath
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** What a property of `parent` holds, in words: its title, its `$ref` target's title, or its type. */
function describeProperty(parent: SchemaNode | undefined, name: string): string {
  const node = parent?.properties?.[name];
  const resolved = node === undefined ? undefined : resolveRef(node);
  return resolved?.title ?? typeWords[String(resolved?.type)] ?? 'a value';
}

function expectedFor(error: AjvError): [IssueCode, string] {
  const { keyword, params, parentSchema } = error;
  switch (keyword) {
    case 'type':
      return [
        'wrong-type',
        parentSchema?.title ?? typeWords[String(params.type)] ?? String(params.type),
      ];
    case 'const':
      return ['wrong-value', describeValue(params.allowedValue)];
    case 'enum':
      return [
        'wrong-value',
        `one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      ];
    case 'pattern':
      return [
        'wrong-format',
        parentSchema?.title ?? `a string matching /${String(params.pattern)}/`,
      ];
    default:
      return ['wrong-value', `a value that satisfies "${keyword}"`];
  }
}

/**
 * Turns ajv's errors into {@link Issue}s a person can act on. `fieldName` names the place an
 * instance path points to (for the body, the key itself; for the envelope, a header name).
 */
export function ajvIssues(
  errors: readonly AjvError[],
  fieldName: (path: readonly string[]) => string,
): Issue[] {
  const seen = new Set<string>();
  const issues: Issue[] = [];
  for (const error of errors) {
    let result: Issue;
    if (error.keyword === 'required') {
      const missing = String(error.params.missingProperty);
      const path = [...pathSegments(error.instancePath), missing];
      const expected = `${describeProperty(error.parentSchema, missing)} (the field is mandatory)`;
      result = issue(fieldName(path), 'missing-field', expected, 'nothing (the field is missing)');
    } else {
      const path = pathSegments(error.instancePath);
      const [code, expected] = expectedFor(error);
      // At the root, the schema's title ("ContactProcessed") would say nothing to a person who sent `null` or an array.
      const atRoot = path.length === 0 && code === 'wrong-type';
      result = atRoot
        ? issue(
            fieldName(path),
            'not-an-object',
            typeWords[String(error.params.type)] ?? expected,
            describeValue(error.data),
          )
        : issue(fieldName(path), code, expected, describeValue(error.data));
    }
    if (!seen.has(result.message)) {
      seen.add(result.message);
      issues.push(result);
    }
  }
  return issues;
}
