export { connectBroker, ConsumerStatus, pingBroker, waitForBroker } from './broker';
export type { AsyncMessage, Connection, Consumer, Publisher } from './broker';
export { enqueueOutbox } from './outbox';
export type { OutgoingMessage } from './outbox';
export { OUTBOX_TABLE_SQL, OutboxMessage, OutboxMessageSchema } from './outbox-message.entity';
export { OutboxRelay } from './outbox-relay';
export type { OutboxRelayConfig } from './outbox-relay';
export { declareTopology } from './topology';
