/** The drag payload type of palette items: the scenario node kind being dragged. */
export const PALETTE_MIME = 'application/x-eventscope-kind';
