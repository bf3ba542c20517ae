/**
 * "Crash C2, restart after 10 s": the inspector rows that crash one running instance of a Kafka
 * consumer group or a RabbitMQ consumer node, optionally restarting it later.
 */
import { useId, useState } from 'react';

type Props = {
  /** Labels of the instances running now ("C1", "C2"). */
  running: readonly string[];
  /** What a crash does, in a sentence under the rows. */
  hint: string;
  onCrash(member: string | undefined, restartAfterMs: number | undefined): void;
};

export function CrashMemberRows({ running, hint, onCrash }: Props) {
  const [member, setMember] = useState('');
  const [restartS, setRestartS] = useState('');
  const ids = { member: useId(), restart: useId() };
  const target = member && running.includes(member) ? member : (running[0] ?? '');
  const crash = () => {
    const restart = Number(restartS);
    const valid = restartS.trim() !== '' && Number.isFinite(restart) && restart >= 0;
    onCrash(target || undefined, valid ? restart * 1000 : undefined);
  };
  return (
    <>
      <div className="ops__row">
        <label htmlFor={ids.member} className="ops__label">
          Crash
        </label>
        <select
          id={ids.member}
          className="input select ops__select"
          value={target}
          disabled={running.length === 0}
          onChange={(e) => setMember(e.currentTarget.value)}
        >
          {running.length === 0 && <option value="">none running</option>}
          {running.map((label) => (
            <option key={label} value={label}>
              {label}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn--small btn--danger" disabled={!target} onClick={crash}>
          Crash {target}
        </button>
      </div>
      <div className="ops__row">
        <label htmlFor={ids.restart} className="ops__label ops__label--soft">
          restart after
        </label>
        <div className="input-wrap input-wrap--unit ops__num">
          <input
            id={ids.restart}
            className="input"
            type="number"
            min={0}
            placeholder="never"
            value={restartS}
            onChange={(e) => setRestartS(e.currentTarget.value)}
          />
          <span className="input-unit">s</span>
        </div>
      </div>
      <p className="field__hint">{hint}</p>
    </>
  );
}
