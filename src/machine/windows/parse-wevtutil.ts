/**
 * Parser for `wevtutil.exe qe Application /q:"..." /f:xml` output: zero or more
 * `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>...</Event>` elements one after the other,
 * with no root element and no XML declaration (empty output when nothing matched). Only element and attribute
 * names and numbers are read (System/EventID, System/TimeCreated/@SystemTime, EventData/Data), never the
 * localized rendering (`/f:text`, RenderingInfo).
 *
 * - id: the text of System/EventID (it may carry a Qualifiers attribute, which is ignored). An event whose id is
 *   missing or not a decimal number is skipped.
 * - time: TimeCreated/@SystemTime as ISO 8601 UTC (`2026-11-20T08:14:02.441Z`; fractions beyond milliseconds are
 *   dropped). A time written without a zone designator (older Windows prints local time) is read as local time
 *   of the process: the tool runs on the server that wrote it, so that is the server's local time. A value that
 *   is not an ISO 8601 date-time is kept exactly as given, and a missing one gives ''; callers must treat a time
 *   that does not parse as unknown.
 * - data: every EventData/Data text in document order, entities decoded (`&amp;` -> `&`, `&#xD;` -> CR), kept
 *   untrimmed; an empty `<Data/>` or `<Data Name='x'></Data>` gives ''. An event without EventData (or with
 *   UserData instead) gives [].
 *
 * Damage: events are cut out one by one (`<Event` up to the first `</Event>`, or a self-closed `<Event .../>`) and
 * each must be well-formed XML. At the first one that is not (a truncated document, an event with broken markup),
 * reading stops and the events read before the damage are returned. Text outside Event elements (a BOM, an
 * `<Events>` wrapper from `/e:Events`, stray bytes between two events) is ignored. Nothing here throws.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { EntssoEvent } from '../facts.js';

const ROOT = 'Events';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  // Entities are decoded here in one pass (the library leaves numeric references alone without htmlEntities,
  // which would also bring in HTML names); keeping it off also means no DOCTYPE entity is ever expanded.
  processEntities: false,
  trimValues: false,
  isArray: (_name, jPath, _isLeaf, isAttribute) =>
    !isAttribute && (jPath === `${ROOT}.Event` || jPath === `${ROOT}.Event.EventData.Data`),
});

/** The start of an Event element (not EventData, EventID, EventRecordID...). */
const EVENT_START = /<Event(?=[\s/>])/g;
const EVENT_END = '</Event>';

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five XML entities and numeric character references in one pass; anything else is left as is. */
function decodeEntities(text: string): string {
  return text.replace(/&(?:(amp|lt|gt|quot|apos)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/g, (whole, name, dec, hex) => {
    if (typeof name === 'string') return XML_ENTITIES[name] ?? whole;
    const code = typeof dec === 'string' ? Number.parseInt(dec, 10) : Number.parseInt(String(hex), 16);
    return code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The text of an element as the parser gives it: a string, or an object with `#text` (attributes, children). */
function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const text = asRecord(value)?.['#text'];
  return typeof text === 'string' ? text : undefined;
}

const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/i;

/** ISO 8601 UTC, or the value as given when it is not an ISO 8601 date-time (see the header). */
function normaliseTime(value: string): string {
  const m = ISO_DATE_TIME.exec(value.trim());
  if (m === null) return value;
  const [, dateTime, fraction, zone] = m;
  const ms = fraction === undefined ? '' : `.${fraction.slice(0, 3).padEnd(3, '0')}`;
  const date = new Date(`${dateTime ?? ''}${ms}${zone?.toUpperCase() ?? ''}`);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

function toEvent(node: unknown): EntssoEvent | undefined {
  const event = asRecord(node);
  const system = asRecord(event?.['System']);
  const idText = textOf(system?.['EventID'])?.trim();
  if (idText === undefined || !/^\d{1,10}$/.test(idText)) return undefined;
  const systemTime = asRecord(system?.['TimeCreated'])?.['@SystemTime'];
  const time = typeof systemTime === 'string' ? normaliseTime(decodeEntities(systemTime)) : '';
  const rawData = asRecord(event?.['EventData'])?.['Data'];
  const data = (Array.isArray(rawData) ? rawData : []).map((d: unknown) => decodeEntities(textOf(d) ?? ''));
  return { id: Number(idText), time, data };
}

/** Parses one `<Event ...>...</Event>` element; undefined when it is not well-formed XML. */
function parseOneEvent(xml: string): unknown[] | undefined {
  try {
    if (XMLValidator.validate(xml) !== true) return undefined;
    const root = asRecord(asRecord(parser.parse(`<${ROOT}>${xml}</${ROOT}>`))?.[ROOT]);
    const events = root?.['Event'];
    return Array.isArray(events) ? (events as unknown[]) : undefined;
  } catch {
    return undefined;
  }
}

/** The events of `wevtutil qe ... /f:xml` output, in the order printed (see the header for damaged input). */
export function parseWevtutilEventsXml(stdout: string): EntssoEvent[] {
  const events: EntssoEvent[] = [];
  const starts = [...stdout.matchAll(EVENT_START)].map((m) => m.index);
  for (const [i, start] of starts.entries()) {
    const chunk = stdout.slice(start, starts[i + 1] ?? stdout.length);
    // Event elements never nest and their text cannot hold a raw `</Event>`, so the first one closes this event.
    const end = chunk.indexOf(EVENT_END);
    const selfClosed = /^<Event\b[^<>]*\/>/.exec(chunk)?.[0];
    const xml = selfClosed ?? (end === -1 ? undefined : chunk.slice(0, end + EVENT_END.length));
    if (xml === undefined) break;
    const parsed = parseOneEvent(xml);
    if (parsed === undefined) break;
    for (const node of parsed) {
      const event = toEvent(node);
      if (event !== undefined) events.push(event);
    }
  }
  return events;
}
