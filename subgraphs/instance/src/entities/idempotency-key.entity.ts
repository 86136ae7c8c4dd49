import { EntitySchema } from '@mikro-orm/core';

/** A `createInstance` idempotency key of a tenant and what it produced. */
export class IdempotencyKey {
  tenantId!: string;
  key!: string;
  /** Hash of the request, to refuse the same key reused for a different request. */
  requestHash!: string;
  operationId!: string;
  createdAt: Date = new Date();
}

export const IdempotencyKeySchema = new EntitySchema<IdempotencyKey>({
  class: IdempotencyKey,
  tableName: 'idempotency_keys',
  properties: {
    tenantId: { type: 'uuid', primary: true },
    key: { type: 'string', length: 200, primary: true },
    requestHash: { type: 'string', length: 64 },
    operationId: { type: 'uuid' },
    createdAt: { type: 'Date' },
  },
});
