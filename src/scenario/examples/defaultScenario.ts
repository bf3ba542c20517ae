/**
 * The scenario on the canvas when the app opens (scenarios/checkout-orders.json): one producer
 * ("checkout") → topic `orders` with 6 partitions → one consumer group of 3 consumers. The file
 * is the single source, so the CLI runs exactly what the app shows; a unit test checks that it
 * parses.
 */
import document from '../../../scenarios/checkout-orders.json';
import type { ScenarioInput } from '../schema';

export const defaultScenario = document as ScenarioInput;
