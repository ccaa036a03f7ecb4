import { describeValue, issue, type Issue, type IssueCode } from './Issue.js';

/** The shape of an ajv error (verbose mode) that cpn-kit reads. */
export interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly parentSchema?: { readonly title?: string; readonly type?: string; readonly pattern?: string };
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
  return instancePath === '' ? [] : instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function expectedFor(error: AjvError): [IssueCode, string] {
  const { keyword, params, parentSchema } = error;
  switch (keyword) {
    case 'type':
      return ['wrong-type', parentSchema?.title ?? typeWords[String(params.type)] ?? String(params.type)];
    case 'const':
      return ['wrong-value', describeValue(params.allowedValue)];
    case 'enum':
      return ['wrong-value', `one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`];
    case 'pattern':
      return ['wrong-format', parentSchema?.title ?? `a string matching /${String(params.pattern)}/`];
    default:
      return ['wrong-value', `a value that satisfies "${keyword}"`];
  }
}

/**
 * Turns ajv's errors into {@link Issue}s a person can act on. `fieldName` names the place an
 * instance path points to (for the body, the key itself; for the envelope, a header name).
 */
export function ajvIssues(errors: readonly AjvError[], fieldName: (path: readonly string[]) => string): Issue[] {
  const seen = new Set<string>();
  const issues: Issue[] = [];
  for (const error of errors) {
    let result: Issue;
    if (error.keyword === 'required') {
      const path = [...pathSegments(error.instancePath), String(error.params.missingProperty)];
      result = issue(fieldName(path), 'missing-field', 'a value (this field is mandatory)', 'nothing: the field is missing');
    } else {
      const path = pathSegments(error.instancePath);
      const [code, expected] = expectedFor(error);
      result = issue(fieldName(path), path.length === 0 && code === 'wrong-type' ? 'not-an-object' : code, expected, describeValue(error.data));
    }
    if (!seen.has(result.message)) {
      seen.add(result.message);
      issues.push(result);
    }
  }
  return issues;
}
