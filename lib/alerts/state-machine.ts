/**
 * An alert's life, as Prometheus alerting has it: ok → pending (the condition holds, for
 * less than `forSeconds`) → firing → ok again (resolved). Pure: the evaluator feeds one
 * observation per tick and persists what comes back, so tests replay value sequences and
 * assert phases and notifications, the way Celery's state tests replay events.
 *
 * Flapping is damped three ways: `forSeconds` (a blip never fires), a clear threshold
 * (hysteresis: firing above 50 clears only below 40, so a value hovering at 50 stays one
 * alert), and `clearForSeconds` (the value must stay clear that long before it resolves).
 * While firing, a reminder goes out every `renotifySeconds` until someone acknowledges.
 */
export type AlertPhase = "ok" | "pending" | "firing";

export type Operator = "above" | "below";

export type AlertCondition = {
  operator: Operator;
  threshold: number;
  /** null = the threshold itself (no hysteresis band) */
  clearThreshold: number | null;
  forSeconds: number;
  clearForSeconds: number;
  /** 0 = no reminders */
  renotifySeconds: number;
};

export type AlertState = {
  phase: AlertPhase;
  /** epoch ms the phase began (for pending: since when the condition holds) */
  phaseSince: number;
  /** firing only: since when the value has been clear; null while it is not */
  clearSince: number | null;
  /** last fired/reminder notification of this firing; null = nobody told yet (e.g. silenced) */
  lastNotifiedAt: number | null;
  acknowledged: boolean;
};

/** `value` null = no data (no matching worker, too few tasks): the condition does not hold. */
export type Observation = { value: number | null; at: number };

export type Notification = "fired" | "reminder" | "resolved";

export type StepResult = {
  state: AlertState;
  /** what to record in the history (entered pending and back are not history) */
  transition: "fired" | "resolved" | null;
  /** what to send now; never while muted (silenced), so a silence suppresses without losing state */
  notify: Notification | null;
};

export function initialState(now: number): AlertState {
  return { phase: "ok", phaseSince: now, clearSince: null, lastNotifiedAt: null, acknowledged: false };
}

export function breaches(condition: Pick<AlertCondition, "operator" | "threshold">, value: number | null): boolean {
  if (value === null) return false;
  return condition.operator === "above" ? value > condition.threshold : value < condition.threshold;
}

/** Back past the clear threshold (or no data): what ends a firing alert. */
export function isClear(condition: Pick<AlertCondition, "operator" | "threshold" | "clearThreshold">, value: number | null): boolean {
  if (value === null) return true;
  const line = condition.clearThreshold ?? condition.threshold;
  return condition.operator === "above" ? value <= line : value >= line;
}

export function step(condition: AlertCondition, state: AlertState, observation: Observation, muted: boolean): StepResult {
  const now = observation.at;
  const breach = breaches(condition, observation.value);
  switch (state.phase) {
    case "ok": {
      if (!breach) return { state, transition: null, notify: null };
      const pending: AlertState = { phase: "pending", phaseSince: now, clearSince: null, lastNotifiedAt: null, acknowledged: false };
      return condition.forSeconds <= 0 ? fire(pending, now, muted) : { state: pending, transition: null, notify: null };
    }
    case "pending": {
      if (!breach) return { state: { ...initialState(now) }, transition: null, notify: null };
      if (now - state.phaseSince >= condition.forSeconds * 1000) return fire(state, now, muted);
      return { state, transition: null, notify: null };
    }
    case "firing": {
      if (isClear(condition, observation.value)) {
        const clearSince = state.clearSince ?? now;
        if (now - clearSince >= condition.clearForSeconds * 1000) {
          // Only a firing someone was told about gets a "resolved"; a silence mutes it too
          // (as Alertmanager does), the console's history still records it.
          return { state: initialState(now), transition: "resolved", notify: state.lastNotifiedAt !== null && !muted ? "resolved" : null };
        }
        return { state: { ...state, clearSince }, transition: null, notify: null };
      }
      const current: AlertState = state.clearSince === null ? state : { ...state, clearSince: null };
      if (muted) return { state: current, transition: null, notify: null };
      if (current.lastNotifiedAt === null) {
        // Fired while silenced and still firing when the silence ended: tell them now.
        return { state: { ...current, lastNotifiedAt: now }, transition: null, notify: "fired" };
      }
      if (condition.renotifySeconds > 0 && !current.acknowledged && now - current.lastNotifiedAt >= condition.renotifySeconds * 1000) {
        return { state: { ...current, lastNotifiedAt: now }, transition: null, notify: "reminder" };
      }
      return { state: current, transition: null, notify: null };
    }
  }
}

function fire(state: AlertState, now: number, muted: boolean): StepResult {
  return {
    state: { phase: "firing", phaseSince: now, clearSince: null, lastNotifiedAt: muted ? null : now, acknowledged: false },
    transition: "fired",
    notify: muted ? null : "fired",
  };
}
