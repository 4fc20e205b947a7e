/**
 * The list routes (lists-api.ts) in the OpenAPI document: paths and schemas
 * that server/openapi.ts spreads into its own, in its style (the staff tag and
 * bearer scheme, problems by type, a camelCase operationId each).
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { DryRun, LISTS, ListState, ListStates } from '../../src/contract/lists.js';

const schema = (s: v.GenericSchema) => {
  const { $schema: _, ...rest } = toJsonSchema(s, { target: 'draft-2020-12', errorMode: 'ignore' }) as Record<string, unknown>;
  return rest;
};
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const ok = (description: string, name: string) => ({ description, content: { 'application/json': { schema: ref(name) } } });
const staffOnly = (operationId: string) => ({ operationId, tags: ['staff'], security: [{ staffToken: [] }] });

const listParam = {
  name: 'list',
  in: 'path',
  required: true,
  description: 'brands, boards (one board: add scope and period) or branches',
  schema: { type: 'string', enum: [...LISTS] },
};
const boardParams = [
  {
    name: 'scope',
    in: 'query',
    required: false,
    description: 'Boards only, required there: the scope, e.g. yanzhou',
    schema: { type: 'string' },
  },
  {
    name: 'period',
    in: 'query',
    required: false,
    description: 'Boards only, required there: the period, YYYYQn, e.g. 2024Q3',
    schema: { type: 'string' },
  },
];
const staffErrors = {
  '401': problem('Missing or wrong bearer token (type …/unauthorized)'),
  '404': problem('No such list (type …/not-found), or the staff API is off (type …/staff-api-off)'),
  '429': {
    ...problem('Too many wrong tokens from this address (type …/rate-limited)'),
    headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } },
  },
  '500': problem('Server error (type …/internal)'),
  '503': {
    ...problem('The database cannot be reached just now (type …/unavailable)'),
    headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } },
  },
};
const template = (kind: 'csv' | 'xlsx') => ({
  get: {
    ...staffOnly(kind === 'csv' ? 'getListTemplateCsv' : 'getListTemplateXlsx'),
    summary:
      kind === 'csv'
        ? "The list's template as CSV: the Chinese headers and one example row, UTF-8 with a BOM and CRLF line ends"
        : "The list's template as an XLSX workbook: the list on the first sheet, a 说明 sheet with each column's rule",
    parameters: [listParam],
    responses: {
      '200': {
        description: 'The template (Content-Disposition: attachment)',
        content: {
          [kind === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']: {
            schema: { type: 'string', ...(kind === 'xlsx' ? { format: 'binary' } : {}) },
          },
        },
      },
      ...staffErrors,
    },
  },
});

/** The list routes under /admin (docs/lists.md). */
export function listPaths() {
  const file = { schema: { type: 'string', format: 'binary' } };
  return {
    '/admin/lists': {
      get: {
        ...staffOnly('getLists'),
        summary: 'Each list (brands, branches, every imported board) with its current and previous version',
        responses: { '200': ok('The lists', 'ListStates'), ...staffErrors },
      },
    },
    '/admin/lists/{list}/template.csv': template('csv'),
    '/admin/lists/{list}/template.xlsx': template('xlsx'),
    '/admin/lists/{list}/imports': {
      post: {
        ...staffOnly('checkListImport'),
        summary:
          'The dry run: the file (CSV in UTF-8, GBK or UTF-16, or XLSX; at most 10 MB and 20,000 rows) read and every row checked; ' +
          'nothing is written to the list. Without errors the list is kept for an hour as a pending import to apply',
        parameters: [
          listParam,
          ...boardParams,
          {
            name: 'scopeName',
            in: 'query',
            required: false,
            description: 'Boards: the name of a scope met for the first time',
            schema: { type: 'string' },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'text/csv': file,
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': file,
            'application/octet-stream': file,
          },
        },
        responses: {
          '200': ok('Rows read, their errors (row, column, message) or the preview and the pending import', 'DryRun'),
          '400': problem('scope, period or scopeName missing or malformed (type …/invalid-parameter)'),
          '413': problem('Over 10 MB, over 20,000 rows, or an XLSX that inflates too far (types …/file-too-large, …/too-many-rows)'),
          '415': problem(
            'Not a CSV or XLSX file, judged by its bytes (type …/unsupported-file), or another body type (…/unsupported-media-type)',
          ),
          '422': problem(
            'Empty, or cannot be read: broken quotes, a damaged or encrypted workbook (types …/empty-file, …/unreadable-file)',
          ),
          ...staffErrors,
        },
      },
    },
    '/admin/lists/{list}/imports/{id}/apply': {
      post: {
        ...staffOnly('applyListImport'),
        summary:
          "Replaces the whole list with a pending import in one transaction, keeping the version it replaced; answers the list's state",
        parameters: [listParam, { name: 'id', in: 'path', required: true, description: 'The dry run’s id', schema: { type: 'string' } }],
        responses: {
          '200': ok("The list's new state", 'ListState'),
          '409': problem('The list changed after the dry run (type …/import-stale): upload again'),
          '410': problem('The dry run is over an hour old (type …/import-expired)'),
          ...staffErrors,
        },
      },
    },
    '/admin/lists/{list}/restore': {
      post: {
        ...staffOnly('restoreList'),
        summary: 'Puts the previous version back in one transaction; the replaced one becomes the previous, so restoring twice undoes it',
        parameters: [listParam, ...boardParams],
        responses: {
          '200': ok("The list's new state", 'ListState'),
          '400': problem('scope or period missing or malformed (type …/invalid-parameter)'),
          '409': problem('No previous version (type …/no-previous-version)'),
          ...staffErrors,
        },
      },
    },
  };
}

export function listSchemas() {
  return { ListStates: schema(ListStates), ListState: schema(ListState), DryRun: schema(DryRun) };
}
