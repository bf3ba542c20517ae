/**
 * The scenario on the canvas when the app opens: one producer ("checkout") → topic `orders`
 * with 6 partitions → one consumer group of 3 consumers.
 */
import type { ScenarioInput } from '../schema';

export const defaultScenario: ScenarioInput = {
  format: 'eventscope.scenario',
  version: 1,
  meta: {
    title: 'Checkout orders',
    description:
      'A checkout service publishes order events keyed by customer to a 6-partition Kafka topic; a group of 3 consumers shares the work. Each key always lands on the same partition, and each partition is read by exactly one consumer of the group.',
  },
  seed: 42,
  run: { durationMs: 60_000 },
  nodes: [
    {
      id: 'checkout',
      kind: 'producer',
      label: 'checkout',
      position: { x: 0, y: 120 },
      config: {
        traffic: {
          type: 'rate',
          ratePerSec: 40,
          arrivals: 'poisson',
          keys: { type: 'uniform', count: 50, prefix: 'customer-' },
          valueBytes: 200,
        },
      },
    },
    { id: 'orders', kind: 'kafka.topic', label: 'orders', position: { x: 330, y: 40 }, config: { partitions: 6 } },
    {
      id: 'order-service',
      kind: 'kafka.consumerGroup',
      label: 'order-service',
      position: { x: 760, y: 60 },
      config: {
        consumers: 3,
        processing: { type: 'exponential', meanMs: 50 },
        autoOffsetReset: 'earliest',
      },
    },
  ],
  edges: [
    { id: 'checkout->orders', source: 'checkout', target: 'orders' },
    { id: 'orders->order-service', source: 'orders', target: 'order-service' },
  ],
};
