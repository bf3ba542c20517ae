/** The simulation worker: the engine behind Comlink (see simApi.ts for what it does). */
import { expose, transfer } from 'comlink';
import { createSimApi } from './simApi';

expose(
  createSimApi({
    now: () => performance.now(),
    later: (fn, ms) => {
      setTimeout(fn, ms);
    },
    transfer: (frame) => transfer(frame, [frame.values.buffer]),
    close: () => self.close(),
  }),
);
