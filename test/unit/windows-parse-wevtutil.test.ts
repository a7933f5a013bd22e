import { describe, expect, it } from 'vitest';
import { parseWevtutilEventsXml } from '../../src/machine/windows/parse-wevtutil.js';
import { randomStrings } from '../support/random-strings.js';

const crlf = (s: string): string => s.replace(/\r?\n/g, '\r\n');
const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';

/**
 * `wevtutil.exe qe Application /q:"*[System[Provider[@Name='ENTSSO']]]" /rd:true /f:xml`, shaped as
 * windows-output.md describes (one Event element per event, no root, no declaration). The System children are
 * those Windows writes for a classic event source; the ids and data follow entsso.md section 5.
 */
const EVENT_10589 = `<Event xmlns='${NS}'><System><Provider Name='ENTSSO'/><EventID Qualifiers='49152'>10589</EventID><Version>0</Version><Level>2</Level><Task>1</Task><Opcode>0</Opcode><Keywords>0x80000000000000</Keywords><TimeCreated SystemTime='2026-11-20T08:14:02.4410000Z'/><EventRecordID>48213</EventRecordID><Correlation/><Execution ProcessID='0' ThreadID='0'/><Channel>Application</Channel><Computer>BTS01.contoso.com</Computer><Security/></System><EventData></EventData></Event>`;

const EVENT_10559 = String.raw`<Event xmlns='${NS}'><System><Provider Name='ENTSSO'/><EventID Qualifiers='16384'>10559</EventID><Version>0</Version><Level>4</Level><Task>1</Task><Opcode>0</Opcode><Keywords>0x80000000000000</Keywords><TimeCreated SystemTime='2026-11-20T09:30:45.1234567Z'/><EventRecordID>48240</EventRecordID><Correlation/><Execution ProcessID='0' ThreadID='0'/><Channel>Application</Channel><Computer>BTS01.contoso.com</Computer><Security/></System><EventData><Data>D:\SSO Backup\Ops &amp; Infra\SSO-2026-11-20.bak</Data><Data>{6A1C6F35-3A09-4B3F-9A57-1F1E2B3C4D5E}</Data><Data>{0B8E2F4A-77C1-4D2E-8F3A-9C0D1E2F3A4B}</Data><Data>CONTOSO\jdoe</Data><Data>BTS01</Data></EventData></Event>`;

const TWO_EVENTS = `${EVENT_10559}\n${EVENT_10589}\n`;

const EXPECTED_10559 = {
  id: 10559,
  time: '2026-11-20T09:30:45.123Z',
  data: [
    'D:\\SSO Backup\\Ops & Infra\\SSO-2026-11-20.bak',
    '{6A1C6F35-3A09-4B3F-9A57-1F1E2B3C4D5E}',
    '{0B8E2F4A-77C1-4D2E-8F3A-9C0D1E2F3A4B}',
    'CONTOSO\\jdoe',
    'BTS01',
  ],
};
const EXPECTED_10589 = { id: 10589, time: '2026-11-20T08:14:02.441Z', data: [] };

/** A minimal event with this id, time attribute and EventData inner XML. */
const event = (id: string, time: string, data = ''): string =>
  `<Event xmlns='${NS}'><System><Provider Name='ENTSSO'/><EventID>${id}</EventID><TimeCreated SystemTime='${time}'/></System><EventData>${data}</EventData></Event>`;

describe('parseWevtutilEventsXml: the samples', () => {
  for (const [label, convert] of [
    ['LF', (s: string) => s],
    ['CRLF', crlf],
  ] as const) {
    it(`reads two events in the order printed (${label})`, () => {
      expect(parseWevtutilEventsXml(convert(TWO_EVENTS))).toEqual([EXPECTED_10559, EXPECTED_10589]);
    });
  }

  it('reads events printed back to back, with no line break', () => {
    expect(parseWevtutilEventsXml(EVENT_10589 + EVENT_10559)).toEqual([EXPECTED_10589, EXPECTED_10559]);
  });

  it('gives [] for empty output (no matching event)', () => {
    expect(parseWevtutilEventsXml('')).toEqual([]);
    expect(parseWevtutilEventsXml('\r\n')).toEqual([]);
  });

  it('reads the output of /e:Events (a root element) and ignores a BOM', () => {
    expect(parseWevtutilEventsXml(`\uFEFF<Events>${TWO_EVENTS}</Events>\r\n`)).toEqual([EXPECTED_10559, EXPECTED_10589]);
  });
});

describe('parseWevtutilEventsXml: ids, times and data', () => {
  it('reads an id with or without a Qualifiers attribute, and skips events without a numeric id', () => {
    const out = [
      event('10534', '2026-01-01T00:00:00Z'),
      event('', '2026-01-01T00:00:00Z'),
      event('ten', '2026-01-01T00:00:00Z'),
      event('-1', '2026-01-01T00:00:00Z'),
      `<Event xmlns='${NS}'><System><EventID Qualifiers='49152'> 10560 </EventID></System></Event>`,
      `<Event xmlns='${NS}'><System><Provider Name='ENTSSO'/></System></Event>`,
      `<Event xmlns='${NS}'/>`,
      event('10525', '2026-01-02T00:00:00Z'),
    ].join('\r\n');
    expect(parseWevtutilEventsXml(out).map((e) => e.id)).toEqual([10534, 10560, 10525]);
  });

  it('normalises SystemTime to ISO 8601 UTC', () => {
    const times = [
      '2026-11-20T08:14:02.4410000Z',
      '2026-11-20T08:14:02.441000000Z',
      '2026-11-20T08:14:02Z',
      '2026-11-20T08:14:02.5z',
      '2026-11-20T09:14:02.441+01:00',
    ];
    expect(parseWevtutilEventsXml(times.map((t) => event('1', t)).join('')).map((e) => e.time)).toEqual([
      '2026-11-20T08:14:02.441Z',
      '2026-11-20T08:14:02.441Z',
      '2026-11-20T08:14:02.000Z',
      '2026-11-20T08:14:02.500Z',
      '2026-11-20T08:14:02.441Z',
    ]);
  });

  it('reads a time without a zone (older Windows) as local time of this process', () => {
    const [e] = parseWevtutilEventsXml(event('10589', '2012-05-14T10:22:33.123456700'));
    expect(e?.time).toBe(new Date(2012, 4, 14, 10, 22, 33, 123).toISOString());
  });

  it('keeps a time that is not ISO 8601 as given, and gives "" for a missing one', () => {
    const out = [
      event('1', '14/05/2012 10:22:33'),
      event('2', '2012-13-45T99:99:99'),
      event('3', '1'),
      `<Event xmlns='${NS}'><System><EventID>4</EventID></System></Event>`,
      `<Event xmlns='${NS}'><System><EventID>5</EventID><TimeCreated/></System></Event>`,
    ].join('');
    expect(parseWevtutilEventsXml(out).map((e) => [e.id, e.time])).toEqual([
      [1, '14/05/2012 10:22:33'],
      [2, '2012-13-45T99:99:99'],
      [3, '1'],
      [4, ''],
      [5, ''],
    ]);
  });

  it('reads Data with a Name attribute, empty Data and untrimmed Data, in order', () => {
    const data = `<Data Name='FileName'>C:\\x y\\b.bak</Data><Data Name='Empty'></Data><Data/><Data>  two  spaces  </Data><Data Name='Self'/>`;
    expect(parseWevtutilEventsXml(event('10560', '2026-01-01T00:00:00Z', data))[0]?.data).toEqual([
      'C:\\x y\\b.bak',
      '',
      '',
      '  two  spaces  ',
      '',
    ]);
  });

  it('decodes entities once, including numeric references', () => {
    const data = '<Data>a&#xD;&#xA;b</Data><Data>&lt;&gt;&quot;&apos;&#233;&#x1F600;</Data><Data>&amp;nbsp; &amp;#39; &amp;amp;</Data>';
    expect(parseWevtutilEventsXml(event('1', '2026-01-01T00:00:00Z', data))[0]?.data).toEqual([
      'a\r\nb',
      '<>"\'é😀',
      '&nbsp; &#39; &amp;',
    ]);
  });

  it('gives [] data without EventData, with UserData instead, or with Binary only', () => {
    const out = [
      `<Event xmlns='${NS}'><System><EventID>1</EventID></System></Event>`,
      `<Event xmlns='${NS}'><System><EventID>2</EventID></System><UserData><X>y</X></UserData></Event>`,
      `<Event xmlns='${NS}'><System><EventID>3</EventID></System><EventData><Binary>00FF</Binary></EventData></Event>`,
    ].join('\n');
    expect(parseWevtutilEventsXml(out).map((e) => e.data)).toEqual([[], [], []]);
  });
});

describe('parseWevtutilEventsXml: damaged output', () => {
  it('returns the events before a truncation', () => {
    const cut = TWO_EVENTS.slice(0, EVENT_10559.length + 1 + 300);
    expect(parseWevtutilEventsXml(cut)).toEqual([EXPECTED_10559]);
    expect(parseWevtutilEventsXml(crlf(cut))).toEqual([EXPECTED_10559]);
    // Cut right after the second event's EventID: that event is not half-reported.
    const afterId = TWO_EVENTS.indexOf('</EventID>', EVENT_10559.length) + '</EventID>'.length;
    expect(parseWevtutilEventsXml(TWO_EVENTS.slice(0, afterId))).toEqual([EXPECTED_10559]);
    // Cut just before the second event's last '>'.
    expect(parseWevtutilEventsXml(TWO_EVENTS.trimEnd().slice(0, -1))).toEqual([EXPECTED_10559]);
  });

  it('returns [] when the first event is cut', () => {
    expect(parseWevtutilEventsXml(EVENT_10559.slice(0, 200))).toEqual([]);
    expect(parseWevtutilEventsXml('<Event')).toEqual([]);
    expect(parseWevtutilEventsXml(`<Event xmlns='${NS}'><System><EventID>10589</EventID>`)).toEqual([]);
  });

  it('stops at a damaged event in the middle (the events after it are not read)', () => {
    const damaged = `<Event xmlns='${NS}'><System><EventID>1</EventID></Sys></Event>`;
    expect(parseWevtutilEventsXml([EVENT_10559, damaged, EVENT_10589].join('\n'))).toEqual([EXPECTED_10559]);
    const unescaped = event('2', '2026-01-01T00:00:00Z', '<Data>a < b</Data>');
    expect(parseWevtutilEventsXml([EVENT_10589, unescaped, EVENT_10559].join('\n'))).toEqual([EXPECTED_10589]);
  });

  it('ignores stray text between whole events', () => {
    const out = `${EVENT_10559}junk</Event>&<x>\r\n${EVENT_10589}</EventData>`;
    expect(parseWevtutilEventsXml(out)).toEqual([EXPECTED_10559, EXPECTED_10589]);
    const afterSelfClosed = `<Event xmlns='${NS}'/></Event>${EVENT_10589}`;
    expect(parseWevtutilEventsXml(afterSelfClosed)).toEqual([EXPECTED_10589]);
  });

  it('gives [] for random bytes and text that is not event XML', () => {
    let seed = 7;
    const bytes = Buffer.from(Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256));
    expect(parseWevtutilEventsXml(bytes.toString('latin1'))).toEqual([]);
    expect(parseWevtutilEventsXml(bytes.toString('utf8'))).toEqual([]);
    for (const s of ['hello', '<', '>', '&', '<Events/>', '<EventData><Data>x</Data></EventData>', '<!DOCTYPE x><Event/>']) {
      expect(parseWevtutilEventsXml(s)).toEqual([]);
    }
  });

  it('does not read the /f:text layout', () => {
    const text = crlf(`Event[0]:
  Log Name: Application
  Source: ENTSSO
  Date: 2026-11-20T08:14:02.4410000Z
  Event ID: 10589
  Task: None
  Level: Error
`);
    expect(parseWevtutilEventsXml(text)).toEqual([]);
  });
});

const ALPHABET = ['<', '>', '/', '&', ';', '#', 'x', "'", '"', '=', ' ', '\r\n', 'Event', 'Data', '!', '?', ']]>', '\u0000'];

describe('property: random input never throws', () => {
  it('feeds 200 random strings (and whole events followed by them) to the parser', () => {
    const pieces = [EVENT_10559, EVENT_10589, '<Event>', '</Event>', '<Data>', '</Data>', '<![CDATA[', '<!DOCTYPE x ['];
    for (const s of randomStrings(0xe7e27, 200, pieces, ALPHABET)) {
      expect(() => parseWevtutilEventsXml(s)).not.toThrow();
      const events = parseWevtutilEventsXml(EVENT_10589 + s);
      // Whatever follows, the first whole event is read.
      expect(events[0]).toEqual(EXPECTED_10589);
    }
  });
});
