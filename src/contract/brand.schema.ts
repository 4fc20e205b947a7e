/**
 * The brand contract: GET `{endpoint}/brands/{id}`.
 *
 * These valibot schemas are the single source of the brand types: the widget
 * validates responses with them, the mocks are typed by them, and the reference
 * server validates what it sends with the same objects.
 */
import * as v from 'valibot';
import { Ref } from '../core/schema.js';

export const BrandLevel = v.picklist(['umbrella', 'brand', 'sub']);

export const Honor = v.object({
  title: v.string(),
  year: v.nullable(v.number()),
  issuer: v.nullable(v.string()),
});

export const Highlight = v.object({
  label: v.string(),
  value: v.number(),
  unit: v.nullable(v.string()),
});

export const Brand = v.object({
  id: v.string(),
  name: v.string(),
  slogan: v.nullable(v.string()),
  unit: Ref,
  level: BrandLevel,
  parent: v.nullable(Ref),
  subBrands: v.array(Ref),
  honors: v.array(Honor),
  highlights: v.array(Highlight),
  summary: v.string(),
  image: v.nullable(v.object({ url: v.string(), alt: v.string() })),
  url: v.nullable(v.string()),
  updatedAt: v.string(),
});

export type Brand = v.InferOutput<typeof Brand>;
export type BrandLevel = v.InferOutput<typeof BrandLevel>;
export type Honor = v.InferOutput<typeof Honor>;
export type Highlight = v.InferOutput<typeof Highlight>;
