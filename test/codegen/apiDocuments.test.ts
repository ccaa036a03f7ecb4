import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { validate } from '@readme/openapi-parser';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateAsyncApi } from '../../src/codegen/generateAsyncApi.js';
import { generateOpenApi } from '../../src/codegen/generateOpenApi.js';
import { fixtureNames, fixtures } from '../../src/message/fixtures.js';
import { fieldNames, requiredFields } from '../../src/message/schema.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const committed = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')) as Json;

describe('schema/openapi.json', () => {
  const document = committed('schema/openapi.json');

  it('is what the generator writes now (run npm run generate when this fails)', () => {
    expect(document).toEqual(generateOpenApi());
  });

  it('passes the official OpenAPI validator', async () => {
    const result = await validate(structuredClone(document) as never);
    expect(result.valid, JSON.stringify(result)).toBe(true);
    expect(result.warnings).toEqual([]);
  });

  it('describes the notification as a POST webhook whose body is the canonical schema', () => {
    const post = document.webhooks.contactProcessed.post;
    expect(post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ContactProcessed',
    });
    const body = document.components.schemas.ContactProcessed;
    expect(Object.keys(body.properties)).toEqual(fieldNames);
    expect(body.required).toEqual(requiredFields);
    expect(body.properties.GSW_MESSAGE_GUID.$ref).toBe('#/components/schemas/Guid');
    expect(Object.keys(post.responses).sort()).toEqual(['2XX', '3XX', '4XX', '5XX']);
    expect(post.parameters.find((p: { name: string }) => p.name === 'ETag')).toMatchObject({
      in: 'header',
      required: true,
    });
    expect(Object.keys(post.requestBody.content['application/json'].examples)).toEqual(
      fixtureNames,
    );
  });

  it('fails the official validator when the document is broken (the check can fail)', async () => {
    const broken = structuredClone(document);
    delete broken.info;
    const result = await validate(broken as never);
    expect(result.valid).toBe(false);
  });
});

describe('schema/asyncapi.json', () => {
  const text = readFileSync(new URL('../../schema/asyncapi.json', import.meta.url), 'utf8');

  it('is what the generator writes now (run npm run generate when this fails)', () => {
    expect(JSON.parse(text)).toEqual(generateAsyncApi());
  });

  it('passes the official AsyncAPI parser without errors or warnings', async () => {
    const { document, diagnostics } = await new Parser().parse(text);
    expect(
      diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message} at ${d.path.join('.')}`),
    ).toEqual([]);
    expect(document).toBeDefined();
    const message = document!.messages().all()[0]!;
    expect(message.payload()?.required()).toEqual(requiredFields);
    expect(
      message
        .examples()
        .all()
        .map((e) => e.payload()),
    ).toEqual(fixtureNames.map((name) => fixtures[name].message));
  });

  it('is rejected by the parser when the message loses its payload reference target (the check can fail)', async () => {
    const broken = JSON.parse(text) as Json;
    delete broken.components.schemas.ContactProcessed;
    const { diagnostics } = await new Parser().parse(JSON.stringify(broken));
    expect(diagnostics.some((d) => Number(d.severity) === Number(DiagnosticSeverity.Error))).toBe(
      true,
    );
  });
});
