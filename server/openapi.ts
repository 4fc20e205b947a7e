/**
 * The OpenAPI 3.1 document served at /openapi.json. Its schemas are made from
 * the contract's valibot schemas (the ones the widgets check answers with);
 * the contract test (test/server/contract.test.mjs) checks every answer of
 * both the mock endpoint and this server against the statuses and content
 * types written here, and that every operation here is exercised.
 */
import { STAFF_ACTIONS } from './audit.js';
import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { Problem } from '../src/core/schema.js';
import { Branches, Regions } from '../src/contract/branch-map.schema.js';
import { BranchColumns } from '../src/contract/branch-columns.js';
import { Brand } from '../src/contract/brand.schema.js';
import { Leaderboard } from '../src/contract/liaison.schema.js';
import { Booking, BookingRequest, OpenDay, OpenDays } from '../src/contract/booking.schema.js';
import { listPaths, listSchemas } from './lists/openapi.js';
import { StaffBooking, StaffDay } from '../src/contract/staff.schema.js';
import { CancelInput, DayInput, DayPatch, SessionInput, SessionPatch } from './staff.js';

const schema = (s: v.GenericSchema) => {
  // Checks written as functions (remaining ≤ capacity) have no JSON Schema form; they are left out.
  const { $schema: _, ...rest } = toJsonSchema(s, { target: 'draft-2020-12', errorMode: 'ignore' }) as Record<string, unknown>;
  return rest;
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const JSON_TYPE = 'application/json';
const PROBLEM = 'application/problem+json';

type Responses = Record<string, string | [string, string] | [string, string, string]>;

/** Statuses whose answers say in Retry-After how many seconds to wait. */
const WAIT = new Set(['429', '503']);

/** `{status: description}` or `{status: [description, schema]}` (or with a content type) into OpenAPI responses. */
function responses(map: Responses) {
  return Object.fromEntries(
    Object.entries(map).map(([status, entry]) => {
      const [description, body, type] = typeof entry === 'string' ? [entry, undefined, undefined] : entry;
      const contentType = type ?? (Number(status) >= 400 ? PROBLEM : JSON_TYPE);
      const content =
        Number(status) >= 400 ? { [PROBLEM]: { schema: ref('Problem') } } : body ? { [contentType]: { schema: ref(body) } } : undefined;
      const headers = WAIT.has(status) ? { headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } } : {};
      return [status, { description, ...headers, ...(content ? { content } : {}) }];
    }),
  );
}

/**
 * What any operation may answer: U+0000 (%00) anywhere in a request is refused
 * before any rule (PostgreSQL text cannot hold it), and while the database
 * cannot be reached every request is 503, never 500.
 */
const NUL_400 = 'U+0000 in the path, query or body (type …/invalid-character)';
const unavailable: Responses = { '503': 'The database cannot be reached just now (type …/unavailable); Retry-After: 5' };
const serverError: Responses = { '500': 'Server error (type …/internal)', ...unavailable };
const common: Responses = {
  '400': NUL_400,
  '404': 'No such resource (type …/not-found)',
  ...serverError,
};
/** GETs of the public contract: a weak ETag, and 304 for a matching If-None-Match. */
const cached = (description: string, schemaName: string): Responses => ({
  '200': [description, schemaName],
  '304': 'Not modified (If-None-Match matched the ETag)',
});
/** Booking, lookup and cancel are limited per client address. */
const limited: Responses = { '429': 'Too many requests from this address (type …/rate-limited); Retry-After says when to try again' };
/**
 * Lookup and cancel: limited per address, and per code: ten wrong phones
 * within a day lock the code for an hour, whoever sent them.
 */
const locked: Responses = {
  '429':
    'Too many requests from this address (type …/rate-limited), or too many wrong phones for this code ' +
    "(type …/code-locked: locked for an hour after 10 within a day; the body's retryAfter and the Retry-After header " +
    'give the seconds left; the booking itself stands)',
};
const phoneBody = {
  required: true,
  content: {
    [JSON_TYPE]: {
      schema: {
        type: 'object',
        required: ['phone'],
        properties: { phone: { type: 'string', description: 'The mobile number the booking was made with' } },
      },
    },
  },
};
const write: Responses = {
  '400': `Body is not JSON (type …/malformed-body), or ${NUL_400}`,
  '413': 'Body over the size limit (type …/payload-too-large)',
  '415': 'The body is not labelled JSON: Content-Type must be application/json or a +json type (type …/unsupported-media-type)',
};

const pathParam = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });
const query = (name: string, description: string) => ({ name, in: 'query', required: false, description, schema: { type: 'string' } });
const body = (name: string) => ({ required: true, content: { [JSON_TYPE]: { schema: ref(name) } } });

/**
 * Every operation says who may call it, so a generated client or server stub
 * knows: the public contract explicitly needs no credentials (`security: []`),
 * the staff API the bearer token.
 */
const catalog = (operationId: string) => ({ operationId, tags: ['catalog'], security: [] });
const booking = (operationId: string) => ({ operationId, tags: ['booking'], security: [] });
const staffOnly = (operationId: string) => ({ operationId, tags: ['staff'], security: [{ staffToken: [] }] });
const staffErrors: Responses = {
  '401': 'Missing or wrong bearer token (type …/unauthorized)',
  '404': 'No such resource (type …/not-found), or the staff API is off (type …/staff-api-off: no DJ_ADMIN_TOKEN nor DJ_ADMIN_TOKENS)',
  '429': 'Too many wrong tokens from this address (DJ_RATE_AUTH a minute; type …/rate-limited); Retry-After says when to try again',
  ...serverError,
};

export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'dj-widgets data endpoint',
      version: '1',
      description:
        'The contract the dj-widgets components read (brands, liaison groups, regions, branches, open days and bookings), ' +
        'and the staff API of the reference server. Every error is RFC 9457 problem+json; problem types are ' +
        'https://dj-widgets.example/problems/<slug>. GETs send a weak ETag and answer If-None-Match with 304. ' +
        'Booking, lookup and cancel are rate-limited per client address (429 with Retry-After); while the database ' +
        'cannot be reached every request is 503 with Retry-After. The same contract in prose, with examples: docs/contract.md.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [
      {
        url: '/dj-api/v1',
        description: "The widgets' default endpoint, on the portal's own origin (the reference server serves it there)",
      },
    ],
    tags: [
      {
        name: 'catalog',
        description:
          'Read-only data of the brand card, the leaderboard and the branch map: ' +
          'brands, liaison groups, region boundaries and branches. Public, cacheable.',
      },
      {
        name: 'booking',
        description:
          "Open days and the citizen's booking: list and read open days, book a session, " +
          'find and cancel a booking by code and phone. Public; the writes are rate-limited.',
      },
      {
        name: 'staff',
        description:
          "The reference server's staff API under /admin: edit open days and sessions, read and export bookings unmasked, " +
          'check visitors in, read the audit log. Bearer token; off unless DJ_ADMIN_TOKEN or DJ_ADMIN_TOKENS is set.',
      },
    ],
    paths: {
      '/brands/{id}': {
        get: {
          ...catalog('getBrand'),
          summary: 'A party-building brand',
          parameters: [pathParam('id', 'Brand id')],
          responses: responses({ ...cached('The brand', 'Brand'), ...common }),
        },
      },
      '/liaison-groups': {
        get: {
          ...catalog('listLiaisonGroups'),
          summary: 'Leaderboard of the liaison groups of a scope in a period',
          parameters: [query('scope', 'Scope id; the default scope when absent'), query('period', 'e.g. 2024Q2; the latest when absent')],
          responses: responses({
            ...cached('The leaderboard', 'Leaderboard'),
            ...common,
            '404': 'No such scope or period (type …/not-found)',
          }),
        },
      },
      '/regions/{adcode}': {
        get: {
          ...catalog('getRegion'),
          summary: 'Boundaries of a region (GeoJSON)',
          parameters: [pathParam('adcode', 'Administrative division code')],
          responses: responses({ ...cached('Feature collection', 'Regions'), ...common }),
        },
      },
      '/branches': {
        get: {
          ...catalog('listBranches'),
          summary: 'Party branches of a region',
          parameters: [
            query('region', 'adcode, default 370800'),
            query('group', 'Liaison group id (an id of `groups`, e.g. yz-g1)'),
            query('minStars', '1 to 5'),
            query(
              'form',
              '`items` (the default: one object per branch) or `columns` (one array per field, each unit once in `units`: ' +
                'about half the bytes at 10,000 branches, read in a third of the time; the map asks for it)',
            ),
          ],
          responses: responses({
            ...cached(
              'The branches, with the names of their liaison groups: Branches, or BranchColumns for form=columns',
              'BranchesAnswer',
            ),
            ...common,
            '400': `minStars is not 1 to 5, or form is not items or columns (type …/invalid-parameter), or ${NUL_400}`,
          }),
        },
      },
      '/open-days': {
        get: {
          ...booking('listOpenDays'),
          summary: 'Open days in a date range (both ends inclusive, either optional)',
          parameters: [query('from', 'YYYY-MM-DD'), query('to', 'YYYY-MM-DD')],
          responses: responses({
            ...cached('The open days by date', 'OpenDays'),
            '400': `from or to is not YYYY-MM-DD (type …/invalid-parameter), or ${NUL_400}`,
            ...serverError,
          }),
        },
      },
      '/open-days/{id}': {
        get: {
          ...booking('getOpenDay'),
          summary: 'One open day with its sessions and free seats',
          parameters: [pathParam('id', 'Open day id')],
          responses: responses({ ...cached('The open day', 'OpenDay'), ...common }),
        },
      },
      '/open-days/{id}/bookings': {
        post: {
          ...booking('createBooking'),
          summary: 'Book a session',
          description:
            'The same Idempotency-Key with the same body replays the first 201; with another body it is 422. ' +
            'One live booking per phone and per ID number per open day.',
          parameters: [
            pathParam('id', 'Open day id'),
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: true,
              description: 'A UUID, new for each booking the citizen means',
              schema: { type: 'string', maxLength: 200 },
            },
          ],
          requestBody: body('BookingRequest'),
          responses: responses({
            '201': ['The booking, name and phone masked', 'Booking'],
            '400':
              'No Idempotency-Key or one over 200 characters (type …/idempotency-key), ' +
              `the body is not JSON (type …/malformed-body), or ${NUL_400}`,
            '404': 'No such open day (type …/not-found)',
            '409':
              'Not enough seats left (type …/session-full), ' +
              'or this phone or ID number has booked this open day already (type …/duplicate-booking)',
            '410': 'Booking has closed (type …/booking-closed)',
            '413': write['413'],
            '415': write['415'],
            '422':
              'Field errors (type …/validation: errors[] with field, code, message, ' +
              'and vars, the values the message was written with), ' +
              'or the Idempotency-Key was used with another body (type …/idempotency-key-reused)',
            ...limited,
            ...serverError,
          }),
        },
      },
      '/bookings/{code}/lookup': {
        post: {
          ...booking('lookupBooking'),
          summary: 'Find a booking by code and phone (a POST, so the phone stays out of URLs and proxy logs)',
          parameters: [pathParam('code', 'Booking code')],
          requestBody: phoneBody,
          responses: responses({
            '200': ['The booking, masked', 'Booking'],
            '404': 'No booking with this code and phone (type …/not-found; never says which is wrong)',
            ...write,
            ...locked,
            ...serverError,
          }),
        },
      },
      '/bookings/{code}/cancel': {
        post: {
          ...booking('cancelBooking'),
          summary: 'Cancel a booking; its seats are given back',
          parameters: [pathParam('code', 'Booking code')],
          requestBody: phoneBody,
          responses: responses({
            '200': ['The booking, status cancelled', 'Booking'],
            '404': 'No booking with this code and phone (type …/not-found; never says which is wrong)',
            '410': 'The session has started (type …/session-started)',
            ...write,
            ...locked,
            ...serverError,
          }),
        },
      },
      '/admin/open-days': {
        get: {
          ...staffOnly('listOpenDaysAsStaff'),
          summary: "Every open day, past ones too, by date; each session's bookings counted (live, people, arrived, cancelled)",
          responses: responses({ '200': ['Open days', 'StaffDays'], ...staffErrors }),
        },
        post: {
          ...staffOnly('createOpenDay'),
          summary: 'Create an open day with its sessions',
          requestBody: body('OpenDayInput'),
          responses: responses({
            '201': ['The open day', 'OpenDay'],
            '409': 'An open day with this id exists (type …/open-day-exists)',
            '422': 'Field errors (type …/validation)',
            ...write,
            ...staffErrors,
          }),
        },
      },
      '/admin/open-days/{id}': {
        get: {
          ...staffOnly('getOpenDayAsStaff'),
          summary: "One open day, each session's bookings counted",
          parameters: [pathParam('id', 'Open day id')],
          responses: responses({ '200': ['The open day', 'StaffDay'], ...staffErrors }),
        },
        patch: {
          ...staffOnly('updateOpenDay'),
          summary: 'Change fields of an open day',
          parameters: [pathParam('id', 'Open day id')],
          requestBody: body('OpenDayPatch'),
          responses: responses({
            '200': ['The open day', 'OpenDay'],
            '422': 'Field errors (type …/validation)',
            ...write,
            ...staffErrors,
          }),
        },
      },
      '/admin/open-days/{id}/sessions': {
        post: {
          ...staffOnly('addSession'),
          summary: 'Add a session',
          parameters: [pathParam('id', 'Open day id')],
          requestBody: body('SessionInput'),
          responses: responses({
            '201': ['The open day', 'OpenDay'],
            '409': 'A session with this id exists (type …/session-exists)',
            '422': 'Field errors (type …/validation)',
            ...write,
            ...staffErrors,
          }),
        },
      },
      '/admin/open-days/{id}/sessions/{sid}': {
        patch: {
          ...staffOnly('updateSession'),
          summary: 'Change a session (a new capacity moves the free seats by as much; never below the seats booked)',
          parameters: [pathParam('id', 'Open day id'), pathParam('sid', 'Session id')],
          requestBody: body('SessionPatch'),
          responses: responses({
            '200': ['The open day', 'OpenDay'],
            '409': 'Capacity below the seats booked (type …/capacity-below-booked)',
            '422': 'Field errors (type …/validation)',
            ...write,
            ...staffErrors,
          }),
        },
      },
      '/admin/open-days/{id}/sessions/{sid}/bookings': {
        get: {
          ...staffOnly('listSessionBookings'),
          summary: 'Every booking of a session, unmasked',
          parameters: [pathParam('id', 'Open day id'), pathParam('sid', 'Session id')],
          responses: responses({ '200': ['Bookings', 'StaffBookings'], ...staffErrors }),
        },
      },
      '/admin/open-days/{id}/sessions/{sid}/bookings.csv': {
        get: {
          ...staffOnly('exportSessionBookingsCsv'),
          summary: 'The same as CSV: UTF-8 with a byte-order mark (Excel), CRLF lines, times in China Standard Time',
          parameters: [pathParam('id', 'Open day id'), pathParam('sid', 'Session id')],
          responses: { '200': { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } }, ...responses(staffErrors) },
        },
      },
      '/admin/bookings/{code}': {
        get: {
          ...staffOnly('getBookingAsStaff'),
          summary: 'One booking, unmasked',
          parameters: [pathParam('code', 'Booking code')],
          responses: responses({ '200': ['The booking', 'StaffBooking'], ...staffErrors }),
        },
      },
      '/admin/bookings/{code}/check-in': {
        post: {
          ...staffOnly('checkInBooking'),
          summary: "Check a visitor in by booking code, on the open day's date (China time) only",
          parameters: [pathParam('code', 'Booking code')],
          responses: responses({
            '200': ['The booking, status checked-in', 'StaffBooking'],
            '409':
              'Cancelled (type …/booking-cancelled), checked in already (type …/already-checked-in, with checkedInAt), ' +
              "or another day's booking (type …/not-today, with date); each with the booking as it is (booking)",
            ...staffErrors,
          }),
        },
        delete: {
          ...staffOnly('undoCheckIn'),
          summary: 'Undo a check-in made by mistake: the booking is confirmed again',
          parameters: [pathParam('code', 'Booking code')],
          responses: responses({
            '200': ['The booking, status confirmed', 'StaffBooking'],
            '409': 'Not checked in (type …/not-checked-in, with booking)',
            ...staffErrors,
          }),
        },
      },
      '/admin/bookings/{code}/cancel': {
        post: {
          ...staffOnly('cancelBookingAsStaff'),
          summary:
            "Cancel a booking on the citizen's behalf, with the reason (kept with the booking with the token's name); its seats go back",
          parameters: [pathParam('code', 'Booking code')],
          requestBody: body('CancelInput'),
          responses: responses({
            '200': ['The booking, status cancelled', 'StaffBooking'],
            '409': 'Cancelled already (type …/booking-cancelled) or checked in (type …/already-checked-in), with booking',
            '422': 'No reason, or one over 200 characters (type …/validation)',
            ...write,
            ...staffErrors,
          }),
        },
      },
      ...listPaths(),
      '/admin/audit': {
        get: {
          ...staffOnly('getAuditLog'),
          summary:
            "The staff audit log, newest first: who (the token's name), what (action and target), when, and the status; no personal data",
          parameters: [
            query('limit', 'How many entries (1–500, default 100)'),
            query('before', 'Only entries older than this entry id (for the next page)'),
          ],
          responses: responses({
            '200': ['Entries', 'AuditLog'],
            '400': 'limit or before is not a whole number in range (type …/invalid-parameter)',
            ...staffErrors,
          }),
        },
      },
    },
    components: {
      securitySchemes: {
        staffToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'The value of DJ_ADMIN_TOKEN, or one token of DJ_ADMIN_TOKENS (the audit log records its name)',
        },
      },
      headers: {
        RetryAfter: { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } },
      },
      schemas: {
        Problem: schema(Problem),
        Brand: schema(Brand),
        Leaderboard: schema(Leaderboard),
        Regions: schema(Regions),
        Branches: branchesSchema(),
        BranchColumns: {
          ...schema(BranchColumns),
          description:
            'The branches answer in columns (form=columns): every column has one value for each branch, in the same order; ' +
            '`unit` holds indexes into `units`; `lng` and `lat` are the location.',
        },
        BranchesAnswer: { oneOf: [ref('Branches'), ref('BranchColumns')] },
        OpenDay: schema(OpenDay),
        OpenDays: schema(OpenDays),
        BookingRequest: schema(BookingRequest),
        Booking: schema(Booking),
        OpenDayInput: schema(DayInput),
        OpenDayPatch: schema(DayPatch),
        SessionInput: schema(SessionInput),
        SessionPatch: schema(SessionPatch),
        StaffBooking: schema(StaffBooking),
        CancelInput: schema(CancelInput),
        StaffDay: schema(StaffDay),
        StaffDays: {
          type: 'object',
          required: ['items', 'total'],
          properties: { items: { type: 'array', items: ref('StaffDay') }, total: { type: 'integer' } },
        },
        AuditLog: {
          type: 'object',
          required: ['items', 'total'],
          properties: {
            items: {
              type: 'array',
              items: {
                type: 'object',
                required: ['id', 'at', 'who', 'action', 'target', 'status'],
                properties: {
                  id: { type: 'integer' },
                  at: { type: 'string', format: 'date-time' },
                  who: { type: 'string', description: 'The name of the staff token used (DJ_ADMIN_TOKEN is "staff")' },
                  action: { type: 'string', enum: [...new Set(Object.values(STAFF_ACTIONS))] },
                  target: { type: 'string', description: 'Open day id, open day/session, or booking code' },
                  status: { type: 'integer', description: 'The status of the answer' },
                },
              },
            },
            total: { type: 'integer' },
          },
        },
        ...listSchemas(),
        StaffBookings: {
          type: 'object',
          required: ['items', 'total'],
          properties: { items: { type: 'array', items: ref('StaffBooking') }, total: { type: 'integer' } },
        },
      },
    },
  };
}

/** Branches, with what `groups` holds written out (valibot's doc comments do not reach JSON Schema). */
function branchesSchema() {
  const out = schema(Branches) as { properties: Record<string, Record<string, unknown>> };
  out.properties.groups = {
    ...out.properties.groups,
    description:
      "Every liaison group (联系片) that an item's groupId names, once, with its name, in display order: the city's groups " +
      "(市直第一联系片 … 市直第九联系片) before the district's (区直第一联系片 … 区直第十一联系片), " +
      'each in its own order, never in the string order of the ids.',
  };
  return out;
}
