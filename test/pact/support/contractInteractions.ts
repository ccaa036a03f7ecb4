import { getFixture, type FixtureName } from '../../../src/message/fixtures.js';
import type { ContactProcessed } from '../../../src/message/ContactProcessed.generated.js';
import { DUPLICATE_STATE } from '../../../src/pact/contractNames.js';

/** One HTTP interaction of the kit's contract. */
export interface ContractInteraction {
  readonly description: string;
  readonly fixture: FixtureName;
  /** A provider state, for the duplicate delivery. */
  readonly state?: string;
}

/** The interactions of `contracts/ocs-contact-processed-crm-receiver.json`, in order. */
export const contractInteractions: readonly ContractInteraction[] = [
  { description: 'a notification with only the mandatory fields', fixture: 'mandatory-only' },
  { description: 'a notification with every optional field', fixture: 'full' },
  { description: 'a voice notification', fixture: 'voice' },
  { description: 'an sms notification', fixture: 'sms' },
  { description: 'an email notification', fixture: 'email' },
  { description: 'a notification with user-defined fields', fixture: 'user-fields' },
  { description: 'a notification from a CX Contact LIFO campaign group', fixture: 'lifo' },
  { description: 'a notification from a predictive campaign group', fixture: 'predictive' },
  { description: 'a notification with a vendor-extended call result', fixture: 'vendor-enum' },
  {
    description: 'a duplicate delivery of an already received notification',
    fixture: 'voice',
    state: DUPLICATE_STATE,
  },
];

/** The duplicate interaction's message gets its own GUID, so it cannot collide with the plain voice interaction. */
export function interactionMessage(interaction: ContractInteraction): ContactProcessed {
  const message = getFixture(interaction.fixture).message;
  return interaction.state === DUPLICATE_STATE
    ? { ...message, GSW_MESSAGE_GUID: '6f1c2d3e-4b5a-4978-8a6b-5c4d3e2f1a09' }
    : message;
}
