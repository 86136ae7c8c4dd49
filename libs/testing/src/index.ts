export { dataOf, errorCodes, graphql } from './graphql-client';
export type { GraphQLResponse, RequestOptions } from './graphql-client';
export { freePort } from './ports';
export { createDatabase, dropDatabase, queryDatabase, roleUrl } from './postgres';
export { amqpUrlFor, createVhost, deleteVhost } from './rabbitmq';
export { deleteRedisPrefix } from './redis';
export { TestStack } from './stack';
export type { TestStackOptions } from './stack';
