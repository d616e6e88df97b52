import type { JsonValue } from "@/lib/celery/json-value";
import { Panel } from "@/components/ui/panel";
import { Table, Td, Th } from "@/components/ui/table";
import { NotInspected } from "./not-inspected";

/** The Celery settings the worker reported (`inspect conf`: the non-default ones), secrets already masked. */
export function WorkerConfig({ conf }: { conf: Record<string, JsonValue> | null }) {
  return (
    <Panel title="Configuration">
      {conf === null ? <NotInspected what="configuration" /> : <ConfTable conf={conf} caption="Worker configuration" />}
    </Panel>
  );
}

export function ConfTable({ conf, caption }: { conf: Record<string, JsonValue>; caption: string }) {
  const keys = Object.keys(conf).sort();
  if (keys.length === 0) return <p className="text-sm text-slate-500 dark:text-slate-400">Nothing reported.</p>;
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>Setting</Th>
          <Th>Value</Th>
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => (
          <tr key={key}>
            <Td className="font-mono text-xs">{key}</Td>
            <Td className="max-w-[40rem] font-mono text-xs break-all whitespace-pre-wrap">{display(conf[key] ?? null)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function display(value: JsonValue): string {
  return typeof value === "string" ? value : JSON.stringify(value, null, 1);
}
