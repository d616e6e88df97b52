import { Table, Td, Th } from "@/components/ui/table";
import { formatBytes, formatSeconds } from "@/lib/format/numbers";
import type { SettingEntry } from "@/lib/services/effective-config";

/** Bloom's effective settings, values already masked, each with where it came from (cli, env, conf, default). */
export function SettingsTable({ settings }: { settings: SettingEntry[] }) {
  return (
    <Table caption="Bloom settings">
      <thead>
        <tr>
          <Th>Setting</Th>
          <Th>Variable</Th>
          <Th>Value</Th>
          <Th>Source</Th>
        </tr>
      </thead>
      <tbody>
        {settings.map((setting) => (
          <tr key={setting.name}>
            <Td className="text-xs">{setting.name}</Td>
            <Td className="font-mono text-xs">{setting.env}</Td>
            <Td className="font-mono text-xs break-all">{setting.value === null ? <span className="text-slate-400">unset</span> : display(setting)}</Td>
            <Td className="text-xs">
              {setting.source.kind}
              {setting.source.from ? <span className="ml-1 font-mono break-all text-slate-500 dark:text-slate-400">{setting.source.from}</span> : null}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** Durations and sizes read better in their unit; the raw number stays for copying into the environment. */
function display(setting: SettingEntry): string {
  const raw = String(setting.value);
  if (typeof setting.value !== "number" || !setting.unit) return raw;
  return `${setting.unit === "seconds" ? formatSeconds(setting.value) : formatBytes(setting.value)} (${raw})`;
}
