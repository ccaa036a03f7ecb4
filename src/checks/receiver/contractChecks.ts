import { DUPLICATE_STATE } from '../../pact/contractNames.js';
import { describeExchange, is2xx, type OutgoingRequest } from './Exchange.js';
import { asOcs } from './probeChecks.js';
import type { ReceiverCheck } from './ReceiverCheck.js';
import type { LoadedPact, PactInteraction } from '../../pact/loadPacts.js';

/** An interaction's id in the report: `pact-<description as a slug>`. */
export function interactionId(description: string): string {
  return `pact-${description
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}`;
}

/** The body of an interaction's request as the text sent on the wire. */
function bodyText(body: unknown): string {
  const v4 =
    body !== null && typeof body === 'object' && 'content' in body
      ? (body as { content: unknown; encoded?: unknown })
      : undefined;
  const content = v4 !== undefined ? v4.content : body;
  if (v4?.encoded === 'base64' && typeof content === 'string')
    return Buffer.from(content, 'base64').toString('utf8');
  return typeof content === 'string' ? content : JSON.stringify(content ?? null);
}

/** The request of an interaction, sent as OCS sends it: the pact's own headers over OCS's. */
export function interactionRequest(
  interaction: PactInteraction,
  staticHeaders: Readonly<Record<string, string>>,
): OutgoingRequest {
  const body = bodyText(interaction.request?.body);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(interaction.request?.headers ?? {}))
    headers[name.toLowerCase()] = typeof value === 'string' ? value : value.join(', ');
  const base = asOcs(staticHeaders, body, headers.etag ?? '');
  return {
    method: interaction.request?.method ?? 'POST',
    headers: { ...base.headers, ...headers },
    body,
  };
}

/**
 * One check per interaction of the pacts: its request, sent to the receiver's URL (whatever the
 * pact's example path), must be acknowledged with a 2xx within the response timeout. For the
 * duplicate state the same request is delivered first, so the checked one is a real duplicate.
 */
export function contractChecks(
  pacts: readonly LoadedPact[],
  staticHeaders: Readonly<Record<string, string>>,
): ReceiverCheck[] {
  const several = new Set(pacts.map((p) => p.consumer)).size > 1;
  return pacts.flatMap((pact) =>
    pact.interactions.map((interaction): ReceiverCheck => {
      const request = interactionRequest(interaction, staticHeaders);
      const duplicate =
        interaction.providerStates?.some((s) => s.name === DUPLICATE_STATE) === true;
      // The title names the interaction; each request's label too, as the timelines that gather
      // requests of several checks (common-cause, response-time) show them side by side.
      const title = `contract: ${interaction.description}${several ? ` (${pact.consumer})` : ''}`;
      return {
        id: interactionId(
          several ? `${pact.consumer} ${interaction.description}` : interaction.description,
        ),
        title,
        validMessages: true,
        requests: [
          // The duplicate state is set up by delivering the same request first.
          ...(duplicate ? [{ label: `first delivery for ${title}`, request }] : []),
          { label: title, request },
        ],
        judge(exchanges, context) {
          const answer = exchanges.at(-1)!;
          const got = describeExchange(answer, context.timeoutSeconds);
          const state = duplicate
            ? [
                `provider state "${DUPLICATE_STATE}": delivered first, ` +
                  `${describeExchange(exchanges[0]!, context.timeoutSeconds)}`,
              ]
            : [];
          const others = (interaction.providerStates ?? [])
            .filter((s) => s.name !== DUPLICATE_STATE)
            .map(
              (s) =>
                `provider state "${s.name}": cpn-kit cannot set it up; the request was sent as it is`,
            );
          const details = [...state, ...others];
          return is2xx(answer)
            ? {
                ok: true,
                summary: `acknowledged with ${got}`,
                ...(details.length > 0 ? { details } : {}),
              }
            : {
                ok: false,
                summary: `expected any 2xx; got ${got}`,
                ...(details.length > 0 ? { details } : {}),
              };
        },
      };
    }),
  );
}
