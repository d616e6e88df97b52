import { stateClasses } from "./state-colors";

export function StateBadge({ state }: { state: string }) {
  return <span className={`inline-flex items-center rounded-md px-2 py-0.5 text-xs font-semibold tracking-wide ring-1 ring-inset ${stateClasses(state)}`}>{state}</span>;
}
