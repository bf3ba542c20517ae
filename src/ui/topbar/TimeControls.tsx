/** Play/Pause, single steps while paused, speed, and restart: commands to the engine client. */
import type { Speed } from '../../worker/protocol';
import { getEngineClient } from '../../worker/engineClient';
import { cancelRunTo } from '../actions/tourActions';
import { useAppStore } from '../store/appStore';
import { selectHasLayout, selectPlaying, selectSpeed } from '../store/selectors';
import { PauseIcon, PlayIcon, RestartIcon, StepIcon } from './Icons';
import { RunClock } from './RunClock';

const SPEEDS: readonly { value: string; label: string }[] = [
  { value: '0.1', label: '0.1×' },
  { value: '0.5', label: '0.5×' },
  { value: '1', label: '1×' },
  { value: '2', label: '2×' },
  { value: '5', label: '5×' },
  { value: '10', label: '10×' },
  { value: '100', label: '100×' },
  { value: 'max', label: 'Max' },
];

/** Sends a command; a time command of the user's also stops the tour's "Run to" if one is under way. */
function send(command: () => Promise<unknown>, isTimeCommand = true): void {
  if (isTimeCommand) cancelRunTo();
  command().catch((error: unknown) =>
    useAppStore
      .getState()
      .pushToast('error', `The simulation did not answer: ${error instanceof Error ? error.message : String(error)}`),
  );
}

export function TimeControls() {
  const playing = useAppStore(selectPlaying);
  const speed = useAppStore(selectSpeed);
  const ready = useAppStore(selectHasLayout);
  const client = getEngineClient();
  return (
    <div className="time-controls" role="group" aria-label="Time controls">
      <button
        type="button"
        className="btn btn--icon"
        aria-label="Restart"
        title="Restart at t = 0"
        disabled={!ready}
        onClick={() => send(() => client.restart())}
      >
        <RestartIcon />
      </button>
      <button
        type="button"
        className="btn btn--primary btn--play"
        aria-label={playing ? 'Pause' : 'Play'}
        disabled={!ready}
        onClick={() => send(() => (playing ? client.pause() : client.play()))}
      >
        {playing ? <PauseIcon /> : <PlayIcon />}
        <span>{playing ? 'Pause' : 'Play'}</span>
      </button>
      <button
        type="button"
        className="btn btn--icon"
        aria-label="Step one event"
        title="Step one event"
        disabled={!ready || playing}
        onClick={() => send(() => client.step('event'))}
      >
        <StepIcon />
      </button>
      <button
        type="button"
        className="btn btn--ghost btn--small"
        aria-label="Step 100 ms"
        title="Advance 100 ms of virtual time"
        disabled={!ready || playing}
        onClick={() => send(() => client.step('100ms'))}
      >
        +100 ms
      </button>
      <label className="speed">
        <span className="visually-hidden">Speed</span>
        <select
          className="input select select--compact"
          aria-label="Speed"
          value={String(speed)}
          onChange={(event) => {
            const v = event.currentTarget.value;
            const next: Speed = v === 'max' ? 'max' : Number(v);
            send(() => client.setSpeed(next), false);
          }}
        >
          {SPEEDS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <RunClock />
    </div>
  );
}
