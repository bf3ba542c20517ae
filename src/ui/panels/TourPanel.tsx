/**
 * The guided tour of the loaded scenario (`meta.tour`): a small card in the top-left corner of the
 * canvas with one step at a time, Back/Next, "Run to <time>" when the step names a moment, and a
 * "Tour" button to bring it back once closed. Step text is plain text, rendered as React text
 * nodes (never as HTML); blank lines separate paragraphs.
 */
import { useEffect, useRef } from 'react';
import { closeTour, goToTourStep, openTour, runTourTo, toggleTourCollapsed } from '../actions/tourActions';
import { useAppStore } from '../store/appStore';
import { selectTour, selectTourSteps } from '../store/tourSelectors';
import { ChevronDownIcon, PlayIcon, TourIcon } from '../topbar/Icons';
import { formatTourTime, splitParagraphs } from './tourText';

const BODY_ID = 'tour-body';

export function TourPanel() {
  const tour = useAppStore(selectTour);
  const steps = useAppStore(selectTourSteps);
  const reopen = useRef<HTMLButtonElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  // Where focus goes after the card closes or opens from a click (not on load).
  const moveFocus = useRef<'reopen' | 'card' | null>(null);

  useEffect(() => {
    if (moveFocus.current === 'reopen') reopen.current?.focus();
    if (moveFocus.current === 'card') closeButton.current?.focus();
    moveFocus.current = null;
  }, [tour.open]);

  if (steps.length === 0) return null;

  if (!tour.open) {
    return (
      <button
        ref={reopen}
        type="button"
        className="btn btn--small tour-reopen"
        onClick={() => {
          moveFocus.current = 'card';
          openTour();
        }}
      >
        <TourIcon />
        <span>Tour</span>
      </button>
    );
  }

  const index = Math.min(tour.step, steps.length - 1);
  const step = steps[index];
  if (!step) return null;
  const isLast = index === steps.length - 1;
  const running = tour.runningToMs !== null;

  return (
    <section className={`tour${tour.collapsed ? ' tour--collapsed' : ''}`} aria-label="Tour">
      <header className="tour__head">
        <span className="tour__kicker">
          <TourIcon />
          Tour
        </span>
        <span className="tour__count" data-testid="tour-count">
          Step {index + 1} of {steps.length}
        </span>
        <span className="tour__head-actions">
          <button
            type="button"
            className="tour__icon-button tour__collapse"
            aria-expanded={!tour.collapsed}
            aria-controls={BODY_ID}
            aria-label={tour.collapsed ? 'Expand tour' : 'Collapse tour'}
            title={tour.collapsed ? 'Expand' : 'Collapse'}
            onClick={toggleTourCollapsed}
          >
            <ChevronDownIcon />
          </button>
          <button
            ref={closeButton}
            type="button"
            className="tour__icon-button tour__close"
            aria-label="Close tour"
            title="Close"
            onClick={() => {
              moveFocus.current = 'reopen';
              closeTour();
            }}
          >
            ×
          </button>
        </span>
      </header>
      {tour.collapsed ? (
        <button type="button" className="tour__peek" onClick={toggleTourCollapsed}>
          {step.title}
        </button>
      ) : (
        <div id={BODY_ID} className="tour__body">
          <h2 className="tour__title" aria-live="polite">
            {step.title}
          </h2>
          <div className="tour__text" data-testid="tour-text">
            {splitParagraphs(step.text).map((paragraph, i) => (
              <p key={i}>{paragraph}</p>
            ))}
          </div>
        </div>
      )}
      {!tour.collapsed && (
        <footer className="tour__nav">
          <button
            type="button"
            className="btn btn--small btn--ghost"
            disabled={index === 0}
            onClick={() => goToTourStep(index - 1)}
          >
            Back
          </button>
          {step.atMs !== undefined ? (
            <button
              type="button"
              className="btn btn--small tour__run"
              disabled={running}
              aria-busy={running}
              title="Run the simulation to this moment and pause there (from t = 0 if the clock is already past it)"
              onClick={() => void runTourTo(step.atMs as number)}
            >
              <PlayIcon />
              {running
                ? `Running to ${formatTourTime(tour.runningToMs as number)}…`
                : `Run to ${formatTourTime(step.atMs)}`}
            </button>
          ) : (
            <span />
          )}
          <button
            type="button"
            className="btn btn--small btn--primary"
            onClick={() => {
              if (!isLast) {
                goToTourStep(index + 1);
                return;
              }
              moveFocus.current = 'reopen';
              closeTour();
            }}
          >
            {isLast ? 'Done' : 'Next'}
          </button>
        </footer>
      )}
    </section>
  );
}
