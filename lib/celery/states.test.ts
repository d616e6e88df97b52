import { describe, expect, it } from "vitest";
import {
  ALL_STATES,
  FAILURE,
  IGNORED,
  PENDING,
  PRECEDENCE,
  RECEIVED,
  REJECTED,
  RETRY,
  REVOKED,
  STARTED,
  SUCCESS,
  TASK_EVENT_TO_STATE,
  isExceptionState,
  isPropagateState,
  isReadyState,
  isUnreadyState,
  precedence,
  stateOutranks,
  taskStateForEvent,
} from "./states";

describe("celery.states precedence", () => {
  it("orders the built-in states as celery/states.py does", () => {
    expect(PRECEDENCE).toEqual([SUCCESS, FAILURE, null, REVOKED, STARTED, RECEIVED, REJECTED, RETRY, PENDING]);
    const ranked = [SUCCESS, FAILURE, REVOKED, STARTED, RECEIVED, REJECTED, RETRY, PENDING].map(precedence);
    expect(ranked).toEqual([...ranked].sort((a, b) => a - b));
  });

  it("ranks custom states (and IGNORED) between FAILURE and REVOKED", () => {
    for (const custom of ["PROGRESS", "FOO-BAR", IGNORED, ""]) {
      expect(precedence(custom)).toBe(2);
      expect(precedence(custom)).toBeGreaterThan(precedence(FAILURE));
      expect(precedence(custom)).toBeLessThan(precedence(REVOKED));
    }
  });

  it("compares like celery.states.state (docstring examples)", () => {
    // state(PENDING) < state(SUCCESS)
    expect(stateOutranks(SUCCESS, PENDING)).toBe(true);
    // state('PROGRESS') > state(STARTED)
    expect(stateOutranks("PROGRESS", STARTED)).toBe(true);
    // state('PROGRESS') > state('SUCCESS') is False
    expect(stateOutranks("PROGRESS", SUCCESS)).toBe(false);
    expect(stateOutranks(SUCCESS, SUCCESS)).toBe(false);
  });
});

describe("state sets", () => {
  it("match celery/states.py", () => {
    expect([SUCCESS, FAILURE, REVOKED].every(isReadyState)).toBe(true);
    expect([PENDING, RECEIVED, STARTED, REJECTED, RETRY].some(isReadyState)).toBe(false);
    expect([PENDING, RECEIVED, STARTED, REJECTED, RETRY].every(isUnreadyState)).toBe(true);
    expect([RETRY, FAILURE, REVOKED].every(isExceptionState)).toBe(true);
    expect(isExceptionState(SUCCESS)).toBe(false);
    expect([FAILURE, REVOKED].every(isPropagateState)).toBe(true);
    expect(isPropagateState(RETRY)).toBe(false);
    expect([...ALL_STATES].sort()).toEqual([FAILURE, PENDING, RECEIVED, RETRY, REVOKED, STARTED, SUCCESS].sort());
    expect(isReadyState("PROGRESS")).toBe(false);
    expect(isUnreadyState("PROGRESS")).toBe(false);
  });
});

describe("event → state", () => {
  it("maps the eight task events of TASK_EVENT_TO_STATE", () => {
    expect(Object.fromEntries(Object.entries(TASK_EVENT_TO_STATE).map(([type, { state }]) => [type, state]))).toEqual({
      "task-sent": PENDING,
      "task-received": RECEIVED,
      "task-started": STARTED,
      "task-failed": FAILURE,
      "task-retried": RETRY,
      "task-succeeded": SUCCESS,
      "task-revoked": REVOKED,
      "task-rejected": REJECTED,
    });
    for (const [type, { field }] of Object.entries(TASK_EVENT_TO_STATE)) {
      expect(field).toBe(type.slice("task-".length));
    }
  });

  it("upper-cases the subject of any other task event", () => {
    expect(taskStateForEvent("task-succeeded")).toBe(SUCCESS);
    expect(taskStateForEvent("task-progress")).toBe("PROGRESS");
    expect(taskStateForEvent("task-unknown-event-xxx")).toBe("UNKNOWN-EVENT-XXX");
    // celery's own test uses 'task-success': not in the table, but its state is SUCCESS anyway.
    expect(taskStateForEvent("task-success")).toBe(SUCCESS);
    // ...and its logical-clock test has the typo 'task-succeded', a custom state.
    expect(taskStateForEvent("task-succeded")).toBe("SUCCEDED");
  });
});
