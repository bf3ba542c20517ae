/** "Scenario not loaded": one line per problem (where, expected, found), and the canvas is untouched. */
import { useEffect, useRef } from 'react';
import { formatProblems } from '../../scenario/parseScenario';
import { useAppStore } from '../store/appStore';
import { selectLoadProblems } from '../store/selectors';

export function LoadErrorDialog() {
  const problems = useAppStore(selectLoadProblems);
  const close = () => useAppStore.getState().setLoadProblems(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (problems) button.current?.focus();
  }, [problems]);
  if (!problems) return null;
  const lines = formatProblems(problems).split('\n');
  return (
    <div
      className="modal-backdrop"
      onKeyDown={(event) => {
        if (event.key === 'Escape') close();
      }}
    >
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="load-error-title">
        <h2 id="load-error-title" className="modal__title">
          Scenario not loaded
        </h2>
        <p className="modal__lead">
          The file has {problems.length === 1 ? 'a problem' : `${problems.length} problems`}:
        </p>
        <ul className="modal__problems">
          {lines.map((line, i) => (
            <li key={i}>
              <code>{line}</code>
            </li>
          ))}
        </ul>
        <p className="modal__note">Your canvas is unchanged.</p>
        <div className="modal__actions">
          <button ref={button} type="button" className="btn btn--primary" onClick={close}>
            OK
          </button>
        </div>
      </div>
    </div>
  );
}
