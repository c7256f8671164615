import * as v from 'valibot';
import { IsoDate, OptionalText, Text } from './common';
import { IsoDateTime } from './ticket';

const KPI_DIRECTIONS = ['higher_is_better', 'lower_is_better'] as const;
export type KpiDirection = (typeof KPI_DIRECTIONS)[number];

/** Impact kinds every new workspace starts with; admins rename, retire or add more. */
export const DEFAULT_IMPACT_KINDS = ['Revenue', 'Customers', 'Compliance and risk', 'Productivity', 'Cost'];

const Retired = v.nullable(IsoDateTime);

export const TermSchema = v.object({ id: v.string(), name: v.string(), retiredAt: Retired });
export type Term = v.InferOutput<typeof TermSchema>;

export const StakeholderSchema = v.object({
  id: v.string(), name: v.string(), title: v.nullable(v.string()), lineOfBusinessId: v.nullable(v.string()), retiredAt: Retired,
});
export type Stakeholder = v.InferOutput<typeof StakeholderSchema>;

export const KpiReadingSchema = v.object({
  id: v.string(), kpiId: v.string(), value: v.number(), recordedOn: v.string(), note: v.nullable(v.string()), createdAt: IsoDateTime,
});
export type KpiReading = v.InferOutput<typeof KpiReadingSchema>;

export const KpiSchema = v.object({
  id: v.string(), name: v.string(), unit: v.string(), target: v.nullable(v.number()),
  direction: v.picklist(KPI_DIRECTIONS), retiredAt: Retired,
  /** The most recent reading, if any. */
  latest: v.nullable(KpiReadingSchema),
});
export type Kpi = v.InferOutput<typeof KpiSchema>;

export const TaxonomySchema = v.object({
  linesOfBusiness: v.array(TermSchema),
  stakeholders: v.array(StakeholderSchema),
  impactKinds: v.array(TermSchema),
  kpis: v.array(KpiSchema),
});
export type Taxonomy = v.InferOutput<typeof TaxonomySchema>;

const retiredFlag = v.optional(v.boolean('must be true or false'));

export const TermCreateSchema = v.strictObject({ name: Text(100) });
export const TermUpdateSchema = v.strictObject({ name: v.optional(Text(100)), retired: retiredFlag });

export const StakeholderCreateSchema = v.strictObject({
  name: Text(120), title: OptionalText(120), lineOfBusinessId: v.optional(v.nullable(v.pipe(v.string('must be text'), v.maxLength(64, 'is not a valid id')))),
});
export const StakeholderUpdateSchema = v.strictObject({
  name: v.optional(Text(120)), title: OptionalText(120), lineOfBusinessId: v.optional(v.nullable(v.pipe(v.string('must be text'), v.maxLength(64, 'is not a valid id')))), retired: retiredFlag,
});

const Direction = v.picklist(KPI_DIRECTIONS, `must be one of: ${KPI_DIRECTIONS.join(', ')}`);
const Target = v.nullable(v.pipe(v.number('must be a number'), v.finite('must be a number')));

export const KpiCreateSchema = v.strictObject({ name: Text(120), unit: Text(40), target: v.optional(Target), direction: Direction });
export const KpiUpdateSchema = v.strictObject({
  name: v.optional(Text(120)), unit: v.optional(Text(40)), target: v.optional(Target), direction: v.optional(Direction), retired: retiredFlag,
});

export const KpiReadingCreateSchema = v.strictObject({
  value: v.pipe(v.number('must be a number'), v.finite('must be a number')),
  recordedOn: IsoDate,
  note: v.optional(v.pipe(v.string('must be text'), v.trim(), v.maxLength(500, 'must be at most 500 characters'))),
});

export type TermCreate = v.InferOutput<typeof TermCreateSchema>;
export type TermUpdate = v.InferOutput<typeof TermUpdateSchema>;
export type StakeholderCreate = v.InferOutput<typeof StakeholderCreateSchema>;
export type StakeholderUpdate = v.InferOutput<typeof StakeholderUpdateSchema>;
export type KpiCreate = v.InferOutput<typeof KpiCreateSchema>;
export type KpiUpdate = v.InferOutput<typeof KpiUpdateSchema>;
export type KpiReadingCreate = v.InferOutput<typeof KpiReadingCreateSchema>;
