import { createHash } from 'node:crypto';
import type { ContactProcessed } from './ContactProcessed.generated.js';
import {
  applyOverrides,
  buildContactProcessed,
  exampleValue,
  type ContactProcessedOverrides,
} from './buildContactProcessed.js';
import { enumNames } from './enumNames.js';
import { fieldNames } from './schema.js';
import { badOption } from '../errors/OptionError.js';

/** A named, deterministic example message and what it is for. */
export interface Fixture {
  readonly name: FixtureName;
  readonly description: string;
  readonly message: ContactProcessed;
}

/** A deterministic lower-case dashed GUID derived from a name (the same name, the same GUID). */
export function guidFromName(name: string): string {
  const h = createHash('sha1').update(`cpn-kit:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The first value past the end of a field's known enumeration table: what a newer vendor release could send. */
function beyondTable(field: string): number {
  return Object.keys(enumNames[field] ?? {}).length;
}

const definitions = {
  'mandatory-only': {
    description: 'Only the 22 mandatory fields: what a receiver must at least cope with.',
    overrides: {},
  },
  full: {
    description: 'Every one of the 44 fields the schema names, each with its example value.',
    overrides: Object.fromEntries(fieldNames.map((field) => [field, exampleValue(field)])),
  },
  voice: {
    description:
      'An answered voice call handled by an agent, with the dialer timestamps such a call has.',
    overrides: Object.fromEntries(
      [
        'GSW_AGENT_ID',
        'GSW_CUSTOMER_ID',
        'GSW_DISPOSITION_CODE',
        'GSW_CALL_TIME',
        'GSW_DIALING',
        'GSW_RINGING',
        'GSW_ANSWERED',
        'GSW_CPD_COMPLETED',
        'GSW_QUEUED',
        'GSW_AGENT_RINGING',
        'GSW_AGENT_ANSWERED',
        'GSW_AGENT_RELEASED',
        'GSW_ACW_COMPLETED',
        'GSW_COMPLETE_PROCESSING',
      ]
        .map((field): [string, unknown] => [field, exampleValue(field)])
        .concat([['GSW_CONTACT_MEDIA_TYPE', 'voice']]),
    ),
  },
  sms: {
    description: 'An SMS campaign group: media type sms, a mobile number, no agent.',
    overrides: {
      GSW_CONTACT_MEDIA_TYPE: 'sms',
      GSW_PHONE: '+15551230002',
      GSW_PHONE_TYPE: 4,
      GSW_CALL_RESULT: 0,
      GSW_DIAL_MODE: 2,
    },
  },
  email: {
    description: 'An email campaign group: media type email and an email address as the contact.',
    overrides: {
      GSW_CONTACT_MEDIA_TYPE: 'email',
      GSW_PHONE: 'jane.doe@example.com',
      GSW_PHONE_TYPE: 10,
      GSW_CALL_RESULT: 0,
    },
  },
  lifo: {
    description:
      'A CX Contact LIFO campaign group: the LIFO chain GUID and the campaign template name.',
    overrides: {
      GSW_CHAIN_LIFO_GUID: exampleValue('GSW_CHAIN_LIFO_GUID'),
      GSW_CAMPAIGN_TEMPLATE_NAME: exampleValue('GSW_CAMPAIGN_TEMPLATE_NAME'),
    },
  },
  predictive: {
    description: 'A predictive dialing mode with its optimization method and goal.',
    overrides: { GSW_DIAL_MODE: 1, GSW_OPTIMIZE_BY: 1, GSW_OPTIMIZE_GOAL: 80 },
  },
  'user-fields': {
    description: 'User-defined fields (calling-list fields with a send_attribute), always strings.',
    overrides: {
      Other1: 'Gold',
      Other2: '',
      crm_account_id: 'ACC-2291',
      'Loyalty Tier': 'Platinum',
      ünïcode_field: 'Grüße',
    },
  },
  'vendor-enum': {
    description:
      'Enumeration values past the known tables (as a newer OCS release may send): valid, with warnings.',
    overrides: {
      GSW_CALL_RESULT: beyondTable('GSW_CALL_RESULT'),
      GSW_DIAL_MODE: 1,
      GSW_OPTIMIZE_BY: beyondTable('GSW_OPTIMIZE_BY'),
      GSW_OPTIMIZE_GOAL: 5,
    },
  },
  'newer-release': {
    description:
      'A GSW_ field this schema does not name (a newer OCS release): valid, with a warning.',
    overrides: { GSW_FUTURE_FIELD: 'from a newer release' },
  },
} satisfies Record<string, { description: string; overrides: ContactProcessedOverrides }>;

/** The names of the fixtures. */
export type FixtureName = keyof typeof definitions;

/** Every fixture's name, in a stable order. */
export const fixtureNames = Object.keys(definitions) as FixtureName[];

/**
 * The named, deterministic fixtures. Each has its own GUIDs (derived from its name), so fixtures
 * sent together are distinct notifications.
 *
 * @example
 * const { message } = fixtures.full; // every field the schema names
 */
export const fixtures: Readonly<Record<FixtureName, Fixture>> = Object.fromEntries(
  fixtureNames.map((name) => {
    const { description, overrides } = definitions[name];
    const base = buildContactProcessed(overrides);
    const message = applyOverrides(base, {
      GSW_MESSAGE_GUID: guidFromName(`${name}/message`),
      GSW_CALL_ATTEMPT_GUID: guidFromName(`${name}/attempt`),
    });
    return [name, { name, description, message }];
  }),
) as Record<FixtureName, Fixture>;

/** Looks a fixture up by name, with an error that lists the names when there is none. */
export function getFixture(name: string): Fixture {
  if (!Object.hasOwn(fixtures, name)) {
    badOption('fixture', `one of ${fixtureNames.join(', ')}`, name);
  }
  return fixtures[name as FixtureName];
}
