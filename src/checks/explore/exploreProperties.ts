import type fc from 'fast-check';
import { brokenProbes, invalidProbes } from './invalidProbes.js';
import type { Probe } from './Probe.js';
import {
  boundaryProbes,
  largeProbes,
  LARGEST_EXPLORED_BYTES,
  newerReleaseProbes,
  nonAsciiProbes,
  shapeProbes,
  userFieldProbes,
} from './validProbes.js';

/**
 * One property `check-receiver --explore` tests, as a table entry: the requests it draws, whether
 * each must be acknowledged (a valid notification) or refused (a body OCS would never send), and the
 * words of its finding.
 */
export interface ExploreProperty {
  readonly id: string;
  readonly title: string;
  /** `acknowledged`: every probe must get a 2xx; `refused`: none may get a 2xx or a 3xx. */
  readonly expect: 'acknowledged' | 'refused';
  /** What the probes are, for the summary: `a valid notification with non-ASCII text`. */
  readonly kind: string;
  readonly probes: fc.Arbitrary<Probe>;
}

/** The properties, in report order: the valid notifications first, then the bodies to refuse. */
export const exploreProperties: readonly ExploreProperty[] = [
  {
    id: 'explore-non-ascii-text',
    title: 'valid notifications with text outside ASCII in any string field are acknowledged',
    expect: 'acknowledged',
    kind: 'a valid notification with text outside ASCII',
    probes: nonAsciiProbes,
  },
  {
    id: 'explore-newer-release',
    title:
      'valid notifications with what newer OCS releases add (enumeration values past the tables, new GSW_ fields) are acknowledged',
    expect: 'acknowledged',
    kind: 'a valid notification as a newer OCS release sends it',
    probes: newerReleaseProbes,
  },
  {
    id: 'explore-boundary-numbers',
    title:
      'valid notifications with boundary numbers in integer and timestamp fields are acknowledged',
    expect: 'acknowledged',
    kind: 'a valid notification with boundary numbers',
    probes: boundaryProbes,
  },
  {
    id: 'explore-user-fields',
    title: 'valid notifications with any user-defined fields are acknowledged',
    expect: 'acknowledged',
    kind: 'a valid notification with user-defined fields',
    probes: userFieldProbes,
  },
  {
    id: 'explore-shapes',
    title:
      'valid notifications of every shape (optional fields, GUID forms, media types) are acknowledged',
    expect: 'acknowledged',
    kind: 'a valid notification',
    probes: shapeProbes,
  },
  {
    id: 'explore-large',
    title: `valid notifications up to ${LARGEST_EXPLORED_BYTES / 1024} KiB are acknowledged`,
    expect: 'acknowledged',
    kind: 'a large valid notification',
    probes: largeProbes,
  },
  {
    id: 'explore-rejects-invalid',
    title:
      'notifications with a mandatory field missing or a field of the wrong type or format are not acknowledged',
    expect: 'refused',
    kind: 'an invalid notification',
    probes: invalidProbes,
  },
  {
    id: 'explore-rejects-broken',
    title:
      'bodies that are not JSON (truncated, another format, lenient JSON) are not acknowledged',
    expect: 'refused',
    kind: 'a broken body',
    probes: brokenProbes,
  },
];
